"""One writer module per format family; ``scanner.redact.dispatch`` picks them by sniffed kind."""

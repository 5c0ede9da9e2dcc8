"""PII-free paperwork: brochures, form headers and notices must produce no findings at all."""

from __future__ import annotations

import pytest

# fmt: off
DECOYS = [
    "ACORD 25 (2016/03) CERTIFICATE OF LIABILITY INSURANCE. DATE (MM/DD/YYYY) 05/07/2024",
    "HEALTH INSURANCE CLAIM FORM. APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12. Form CMS-1500 (02-12)",
    "Page 2 of 12. Form HO 00 03 05 11. Copyright ISO Properties, Inc., 1999.",
    "To report a claim, call us toll-free at 1-800-555-0199, 24 hours a day, 7 days a week.",
    "Customer Service: (860) 547-5000, Monday-Friday 8 a.m. to 6 p.m. ET. TTY: 711.",
    "Send claim forms to Acme Insurance Company, Claims Department, PO Box 4000, Hartford, CT 06101.",
    "Our headquarters: Acme Mutual Group, 1 Tower Square, Hartford, CT 06183.",
    "Visit www.acme-insurance.com or email info@acme-insurance.com for a quote.",
    "Premiums start at $29.99 per month. Deductibles of $500, $1,000 or $2,500. Save up to 15% in 2024.",
    "Policy period 01/01/2024 to 12/31/2024. Effective date: 01/01/2024. Renewal date 01/01/2025.",
    "Coverage A - Dwelling $300,000; Coverage B - Other Structures 10%; Coverage E $100,000.",
    "Section 4.2.1 Exclusions. See Section 1.3.2.1 for definitions. Version 2.0.1.5.",
    "Our nurse line is available 24/7 at 1-877-555-0123. Member Services: 1-888-555-0147.",
    "Blue Cross Blue Shield, Aetna, Cigna and UnitedHealthcare plans are accepted.",
    "Generic drugs like Lisinopril, Metformin and Atorvastatin cost $10 for a 30-day supply.",
    "Questions? Write to us at 500 Market Street, Philadelphia, PA 19103, Attn: Customer Care.",
    "ZIP codes 62704, 60611-2093 and 10166 are in our service area.",
    "Explanation Of Benefits. This Is Not A Bill. Claim Summary. Amount Billed $1,250.00.",
    "Form W-9 (Rev. October 2018). Form 1099-MISC. IRS Publication 15-B.",
    "Dear Valued Customer, thank you for choosing Acme. Sincerely, The Acme Claims Team",
    "Our fax number is (860) 555-0111 and our office hours are 9am-5pm.",
    "Tracking number 1Z999AA10123456784. Order #100234. Invoice 2024-00123.",
    "Call 911 in an emergency. Dial 988 for the Suicide & Crisis Lifeline.",
]
# fmt: on


@pytest.mark.parametrize("text", DECOYS)
def test_no_findings(scan, text: str) -> None:
    assert scan(text) == []

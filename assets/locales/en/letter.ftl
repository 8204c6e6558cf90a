# The customer's letter, English (shared/customer-letter.md).
# Placeholders: $vendor (the vendor's name) and the policy's contacts
# ($support, $sales, $info, $phone, $address) in every message that
# speaks of the vendor; the others as named in each message.

subject = Your claim { $case } with { $vendor }
greeting-name = Dear { $name },
greeting = Dear customer,
closing = Kind regards,
from-phone = Phone: { $phone }
from-email = E-mail: { $email }
ref-case = Case: { $case }
ref-order = Order: { $order }
ref-date = Date: { $date }
date-unknown = a date not known yet

heading-decision = Our decision
heading-you = What you do next
heading-vendor = What { $vendor } does next
heading-shipping = Return shipping
heading-law = Your rights in law
heading-why = Why
heading-original = Original wording

decision-eligible = Your claim about your { $product } from { $vendor } ({ $issue }) is covered by { $vendor }'s terms: you can receive { $remedy }.
decision-not_eligible = Your claim about your { $product } from { $vendor } ({ $issue }) is not covered by { $vendor }'s terms.
decision-review = Your claim about your { $product } from { $vendor } ({ $issue }) needs { $vendor }'s own decision: we cannot promise the outcome yet.
decision-follow_up = We have looked into your { $product } from { $vendor } ({ $issue }) and tell you below what happens next.

product-device = device
product-case_or_screen_protector = case or screen protector
product-none = item

issue-change_of_mind = you changed your mind
issue-defective = a fault
issue-damaged_in_transit = damaged in transit
issue-wrong_item = the wrong item
issue-lost_or_stolen = lost or stolen
issue-not_delivered = not delivered
issue-misuse_damage = damage by misuse
issue-refund_not_received = refund not received
issue-other = your request

remedy-full_refund = a full refund
remedy-replacement = a replacement
remedy-exchange = an exchange
remedy-refund = a refund
remedy-half_refund = a refund of half the purchase price
remedy-none = { $vendor }'s answer
remedy-or = { $a } or { $b }

step-dated = By { $date }: { $what }.
step-undated = Once the date is known (counted from { $from }): { $what }.
from-claim_date = the day of your claim
from-order_date = the order date
from-delivery_date = the day you received the item
from-invoice_date = the invoice date
from-first_notice_date = the day you first told { $vendor }
from-approval_date = the day { $vendor } approves the return
from-shipped_date = the day you ship the item
from-vendor_received_date = the day { $vendor } receives the item
from-unknown = a date not known yet

win-millso-money_back_end = contact { $vendor } at { $support } to use the 45-day money-back guarantee
win-millso-faq_non_quality_end = contact { $vendor } at { $support } about a return that is not about quality
win-millso-warranty_end = contact { $vendor } at { $support } under the 12-month warranty
win-millso-extended_term_check = contact { $vendor } at { $support } under the longer product warranty
win-millso-amazon_label = use the Amazon return label provided
win-millso-ship_back = ship the item back to { $vendor } as { $vendor } instructs
win-mitkco-report_7_days = e-mail a description of the problem to { $sales }
win-mitkco-wrong_item_7_days = e-mail { $sales } that you received the wrong item, to arrange collection and return
win-mitkco-reason_7_days = e-mail { $sales } your reason for the return in writing
win-mitkco-deemed_7_days = e-mail { $sales } about any problem with the item
win-mitkco-transit_claim_14_days = e-mail photos or a video of the damage to { $sales }; do not send the item back until { $vendor } tells you to
win-mitkco-invoice_60_days = send the item back to { $address }, with a photo and a short explanation, and e-mail the tracking number to { $sales }
win-mitkco-return_53_days = send the item back intact to { $address } and e-mail the tracking number to { $sales }
win-mitkco-ship_by = send the item back to { $address } and e-mail the tracking number to { $sales }
win-mitkco-refund_due = { $vendor } gives you the exchange or refund

vendor-days = { $vendor } says it gives you { $remedy } within { $days ->
    [one] { $days } day
   *[other] { $days } days
} of receiving the item.
vendor-notime = Once { $vendor } has the item back, it gives you { $remedy }; the policy states no time.
vendor-review = { $vendor } decides your claim and answers you; the policy states no time.

ship-customer = You pay the return shipping.
ship-vendor = { $vendor } pays the return shipping.
ship-customer_international = You pay the international return shipping.
ship-not_stated = The policy does not say who pays the return shipping: ask { $vendor } before you send the item.
ship-no_return_yet = Do not send anything back yet: wait for { $vendor }'s instructions.
ship-none = No return is needed.

warn-millso-MS-AMZ-US = The Amazon return label can be used only until { $date }; after that, ask { $vendor } at { $support } how to ship.
warn-millso-MS-L-SHIPBACK = The item had to be shipped back by { $date }; { $vendor } says further delay may void the return.
warn-mitkco-MK-REFUND2 = { $vendor } has had the item since before { $date }, when the exchange or refund was due: write to { $info } if it has not arrived.
warn-mitkco-MK-60INV = Returns must be made within 60 days of the invoice date ({ $date }); that date has passed, so { $vendor } may refuse the return.

law-intro = General information, not legal advice: the law may give you rights beside { $vendor }'s own terms, against the seller who sold you the item.
law-until = until { $date }
law-until-unknown = counted from the day you received the item
law-turn = If the seller does not put this right, you can turn to { $body }.
law-EU-CRD-9 = EU law: you may withdraw from a purchase made at a distance within 14 days of receiving the item, without giving a reason ({ $until }).
law-EU-CRD-10 = EU law: if you were not told of your right to withdraw, the 14 days are extended by up to 12 months.
law-EU-CRD-14 = EU law: after withdrawing you send the item back within 14 days; you pay the direct cost unless the seller agreed to pay it.
law-EU-CRD-13 = EU law: the seller refunds you within 14 days of being told of your withdrawal.
law-EU-SGD-10 = EU law: the seller must put right a fault that shows within two years of delivery ({ $until }), free of charge, by repair or replacement.
law-EU-SGD-11 = EU law: a fault that shows within one year of delivery ({ $until }) is presumed to have been there at delivery.
law-EU-SGD-14 = EU law: repair or replacement is free of charge for you, postage included.
law-EU-SGD-17 = EU law: { $vendor }'s own guarantee comes on top of your legal rights and cannot reduce them.
law-GB-CCR-29 = UK law: you may cancel a purchase made at a distance within 14 days of receiving the goods ({ $until }).
law-GB-CRA-9-11 = UK law: goods must be as described, of satisfactory quality and fit for purpose; if they are not, the seller owes you a remedy.
law-GB-CRA-22 = UK law: goods that do not match the contract may be rejected for a full refund within 30 days of delivery ({ $until }).
law-GB-CRA-19 = UK law: a fault that shows within six months of delivery ({ $until }) is taken to have been there at delivery.
law-JP-SCTA-15-3 = Japanese law: the 8-day cancellation right for mail-order purchases does not apply here, because { $vendor } states its own return terms; those terms apply.
law-JP-CC-562 = Japanese law: the seller is liable when goods do not conform to the contract (Civil Code).
law-US-MMWA-2308 = US law: the law of your state may give you more than { $vendor }'s written warranty (the implied warranty of merchantability).
law-CN-CRPL-25 = Chinese law: goods bought online may be returned without a reason within 7 days of receipt ({ $until }), in good condition; you pay the return shipping unless agreed otherwise, and the seller refunds within 7 days of receiving them.
turn-eu-domestic = the national consumer authority of your country
turn-eu-abroad = the European Consumer Centre of your country (ECC-Net)
turn-gb-domestic = the Citizens Advice consumer helpline
turn-gb-abroad = the Citizens Advice consumer helpline
turn-jp-domestic = your local consumer affairs centre (consumer hotline 188)
turn-jp-abroad = your local consumer affairs centre (consumer hotline 188)
turn-us-domestic = the consumer protection office of your state's attorney general
turn-us-abroad = the consumer protection office of your state's attorney general
turn-cn-domestic = the 12315 consumer hotline
turn-cn-abroad = the 12315 consumer hotline

why-late = { $vendor }'s time for this ended on { $date }: { $what }.
why-review = { $vendor }'s terms leave this case to { $vendor } to decide; we have passed on your details and will tell you its answer.
why-issue-change_of_mind = { $vendor }'s terms for a change of mind are not met: the item must be reported in time, returned intact and sent back in time.
why-issue-defective = { $vendor }'s terms do not cover this fault at this point.
why-issue-damaged_in_transit = { $vendor }'s terms accept transit damage only when reported in time.
why-issue-wrong_item = { $vendor }'s terms accept a wrong item only when reported in time.
why-issue-lost_or_stolen = { $vendor }'s terms do not cover an item that was lost or stolen.
why-issue-not_delivered = { $vendor }'s terms do not decide a parcel that never arrived; the carrier's records do.
why-issue-misuse_damage = { $vendor }'s terms do not cover damage caused by misuse or accident.
why-issue-refund_not_received = { $vendor }'s terms give no further remedy for this.
why-issue-other = { $vendor }'s terms do not cover this claim.
still-law = Your rights in law, above, may still help you.
still-ask = You can still write to { $vendor } ({ $contact }) and ask for your case to be looked at again.

original-intro = { $vendor }'s own words behind this decision, in English:

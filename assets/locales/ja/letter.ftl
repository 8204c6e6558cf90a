# お客様へのお知らせ、日本語 (shared/customer-letter.md)。

subject = { $vendor }へのお申し出（{ $case }）について
greeting-name = { $name } 様
greeting = お客様各位
closing = 今後ともよろしくお願いいたします。
from-phone = 電話：{ $phone }
from-email = メール：{ $email }
ref-case = 受付番号：{ $case }
ref-order = 注文番号：{ $order }
ref-date = 日付：{ $date }
date-unknown = まだ分からない日付

heading-decision = 判断結果
heading-you = お客様にしていただくこと
heading-vendor = { $vendor }が行うこと
heading-shipping = 返送料
heading-law = 法律上の権利
heading-why = 理由
heading-original = 原文

decision-eligible = { $vendor }の{ $product }に関するお申し出（{ $issue }）は{ $vendor }の規定の対象です。{ $remedy }を受けられます。
decision-not_eligible = { $vendor }の{ $product }に関するお申し出（{ $issue }）は{ $vendor }の規定の対象外です。
decision-review = { $vendor }の{ $product }に関するお申し出（{ $issue }）は{ $vendor }自身が判断します。結果はまだお約束できません。
decision-follow_up = { $vendor }の{ $product }に関するお問い合わせ（{ $issue }）を確認しました。今後の流れは以下のとおりです。

product-device = 機器
product-case_or_screen_protector = ケースまたは画面保護フィルム
product-none = 商品

issue-change_of_mind = お客様のご都合
issue-defective = 不具合
issue-damaged_in_transit = 配送中の破損
issue-wrong_item = 誤った商品
issue-lost_or_stolen = 紛失・盗難
issue-not_delivered = 未着
issue-misuse_damage = 誤用による損傷
issue-refund_not_received = 返金未着
issue-other = お問い合わせ

remedy-full_refund = 全額返金
remedy-replacement = 代替品
remedy-exchange = 交換
remedy-refund = 返金
remedy-half_refund = 購入代金の半額の返金
remedy-none = { $vendor }の回答
remedy-or = { $a }または{ $b }

step-dated = { $date }までに：{ $what }。
step-undated = 日付が決まり次第（{ $from }から数えます）：{ $what }。
from-claim_date = お申し出の日
from-order_date = 注文日
from-delivery_date = 商品を受け取った日
from-invoice_date = 請求書の日付
from-first_notice_date = 最初に{ $vendor }へ連絡した日
from-approval_date = { $vendor }が返品を承認した日
from-shipped_date = 商品を発送した日
from-vendor_received_date = { $vendor }が商品を受け取った日
from-unknown = まだ分からない日付

win-millso-money_back_end = 45日間返金保証を利用するため、{ $support }で{ $vendor }に連絡してください
win-millso-faq_non_quality_end = 品質以外の理由による返品について、{ $support }で{ $vendor }に連絡してください
win-millso-warranty_end = 12か月保証について、{ $support }で{ $vendor }に連絡してください
win-millso-extended_term_check = 延長された製品保証について、{ $support }で{ $vendor }に連絡してください
win-millso-amazon_label = 提供されたAmazonの返品ラベルを使ってください
win-millso-ship_back = { $vendor }の指示に従って商品を{ $vendor }へ返送してください
win-mitkco-report_7_days = 問題の説明を{ $sales }へメールしてください
win-mitkco-wrong_item_7_days = 誤った商品が届いたことを{ $sales }へメールし、回収と返品を手配してください
win-mitkco-reason_7_days = 返品の理由を書面で{ $sales }へメールしてください
win-mitkco-deemed_7_days = 商品の問題を{ $sales }へメールしてください
win-mitkco-transit_claim_14_days = 破損の写真または動画を{ $sales }へ送ってください。{ $vendor }の指示があるまで商品は返送しないでください
win-mitkco-invoice_60_days = 写真と簡単な説明を添えて商品を{ $address }へ返送し、追跡番号を{ $sales }へメールしてください
win-mitkco-return_53_days = 商品を損なわずに{ $address }へ返送し、追跡番号を{ $sales }へメールしてください
win-mitkco-ship_by = 商品を{ $address }へ返送し、追跡番号を{ $sales }へメールしてください
win-mitkco-refund_due = { $vendor }が交換または返金を行います

vendor-days = { $vendor }によると、商品の受領後{ $days }日以内に{ $remedy }が行われます。
vendor-notime = { $vendor }が商品を受け取り次第、{ $remedy }が行われます。規定に期限の記載はありません。
vendor-review = { $vendor }がお申し出を判断し、お客様に回答します。規定に期限の記載はありません。

ship-customer = 返送料はお客様のご負担です。
ship-vendor = 返送料は{ $vendor }が負担します。
ship-customer_international = 国際返送料はお客様のご負担です。
ship-not_stated = 返送料の負担者は規定に書かれていません。発送前に{ $vendor }へご確認ください。
ship-no_return_yet = まだ何も返送しないでください。{ $vendor }の指示をお待ちください。
ship-none = 返送は不要です。

warn-millso-MS-AMZ-US = Amazonの返品ラベルは{ $date }まで有効です。その後は{ $support }で{ $vendor }に発送方法をお尋ねください。
warn-millso-MS-L-SHIPBACK = 商品は{ $date }までに返送する必要がありました。{ $vendor }によると、さらに遅れると返品が無効になることがあります。
warn-mitkco-MK-REFUND2 = { $vendor }は商品を受け取っており、交換または返金の期限は{ $date }でした。届いていない場合は{ $info }へご連絡ください。
warn-mitkco-MK-60INV = 返品は請求書の日付から60日以内（{ $date }まで）に行う必要があります。その日を過ぎているため、{ $vendor }が返品を断る場合があります。

law-intro = 一般的な情報であり、法的助言ではありません。法律は、{ $vendor }の規定とは別に、商品を販売した売主に対する権利をお客様に与えることがあります。
law-until = { $date }まで
law-until-unknown = 商品を受け取った日から数えて
law-turn = 売主が対応しない場合は、{ $body }にご相談いただけます。
law-EU-CRD-9 = EU法：通信販売の購入は、受け取りから14日以内であれば理由なく撤回できます（{ $until }）。
law-EU-CRD-10 = EU法：撤回権について知らされていなかった場合、14日間は最長12か月延長されます。
law-EU-CRD-14 = EU法：撤回後14日以内に商品を返送します。売主が負担に同意していない限り、直接費用はお客様の負担です。
law-EU-CRD-13 = EU法：売主は撤回の通知から14日以内に返金します。
law-EU-SGD-10 = EU法：引き渡しから2年以内（{ $until }）に現れた不具合は、売主が修理または交換により無償で対応しなければなりません。
law-EU-SGD-11 = EU法：引き渡しから1年以内（{ $until }）に現れた不具合は、引き渡し時からあったものと推定されます。
law-EU-SGD-14 = EU法：修理または交換は送料を含めて無償です。
law-EU-SGD-17 = EU法：{ $vendor }独自の保証は法律上の権利に加えられるもので、それを減らすことはできません。
law-GB-CCR-29 = 英国法：通信販売の購入は、受け取りから14日以内に取り消せます（{ $until }）。
law-GB-CRA-9-11 = 英国法：商品は説明どおりで、満足できる品質を備え、目的に適合していなければなりません。そうでない場合、売主は救済を行う義務があります。
law-GB-CRA-22 = 英国法：契約に適合しない商品は、引き渡しから30日以内（{ $until }）であれば拒絶して全額返金を受けられます。
law-GB-CRA-19 = 英国法：引き渡しから6か月以内（{ $until }）に現れた不具合は、引き渡し時からあったものとみなされます。
law-JP-SCTA-15-3 = 日本法：通信販売の8日間の解除権は、{ $vendor }が独自の返品条件を示しているため、ここでは適用されません。その条件が適用されます。
law-JP-CC-562 = 日本法：商品が契約に適合しない場合、売主は責任を負います（民法）。
law-US-MMWA-2308 = 米国法：お住まいの州の法律は、{ $vendor }の書面による保証以上の権利（商品性の黙示保証）を与える場合があります。
law-CN-CRPL-25 = 中国法：オンラインで購入した商品は、受け取りから7日以内（{ $until }）であれば、良好な状態で理由なく返品できます。別段の合意がない限り返送料はお客様の負担で、売主は商品受領から7日以内に返金します。
turn-eu-domestic = お住まいの国の消費者保護当局
turn-eu-abroad = お住まいの国の欧州消費者センター（ECC-Net）
turn-gb-domestic = Citizens Adviceの消費者ホットライン
turn-gb-abroad = Citizens Adviceの消費者ホットライン
turn-jp-domestic = 最寄りの消費生活センター（消費者ホットライン188）
turn-jp-abroad = 最寄りの消費生活センター（消費者ホットライン188）
turn-us-domestic = お住まいの州の司法長官の消費者保護部門
turn-us-abroad = お住まいの州の司法長官の消費者保護部門
turn-cn-domestic = 消費者ホットライン12315
turn-cn-abroad = 消費者ホットライン12315

why-late = { $vendor }の期限は{ $date }で終了しました：{ $what }。
why-review = { $vendor }の規定により、この件は{ $vendor }が判断します。お客様の情報を伝えましたので、回答をお知らせします。
why-issue-change_of_mind = ご都合による返品の{ $vendor }の条件を満たしていません。期限内の連絡、未使用の状態、期限内の返送が必要です。
why-issue-defective = 現時点では、この不具合は{ $vendor }の規定の対象外です。
why-issue-damaged_in_transit = { $vendor }の規定では、配送中の破損は期限内に連絡された場合のみ対象です。
why-issue-wrong_item = { $vendor }の規定では、誤った商品は期限内に連絡された場合のみ対象です。
why-issue-lost_or_stolen = 紛失・盗難の商品は{ $vendor }の規定の対象外です。
why-issue-not_delivered = 届かなかった荷物は{ $vendor }の規定ではなく、配送業者の記録で判断されます。
why-issue-misuse_damage = 誤用や事故による損傷は{ $vendor }の規定の対象外です。
why-issue-refund_not_received = これについて{ $vendor }の規定にほかの救済はありません。
why-issue-other = このお申し出は{ $vendor }の規定の対象外です。
still-law = 上記の法律上の権利が、なおお役に立つ場合があります。
still-ask = { $vendor }（{ $contact }）に書面で再検討を依頼することもできます。

original-intro = この判断の根拠となった{ $vendor }の原文（英語）：

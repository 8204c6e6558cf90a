# 致客户的信，简体中文 (shared/customer-letter.md)。

subject = 关于您向{ $vendor }提出的申请（{ $case }）
greeting-name = 尊敬的{ $name }：
greeting = 尊敬的客户：
closing = 此致敬礼
from-phone = 电话：{ $phone }
from-email = 电子邮件：{ $email }
ref-case = 案件编号：{ $case }
ref-order = 订单号：{ $order }
ref-date = 日期：{ $date }
date-unknown = 尚不确定的日期

heading-decision = 我们的决定
heading-you = 您接下来要做的事
heading-vendor = { $vendor }接下来要做的事
heading-shipping = 退货运费
heading-law = 您的法定权利
heading-why = 原因
heading-original = 原文

decision-eligible = 您就{ $vendor }的{ $product }提出的申请（{ $issue }）符合{ $vendor }的条款：您可以获得{ $remedy }。
decision-not_eligible = 您就{ $vendor }的{ $product }提出的申请（{ $issue }）不在{ $vendor }的条款范围内。
decision-review = 您就{ $vendor }的{ $product }提出的申请（{ $issue }）需由{ $vendor }自行决定：我们目前还无法承诺结果。
decision-follow_up = 我们已查看您就{ $vendor }的{ $product }提出的问题（{ $issue }），后续安排如下。

product-device = 设备
product-case_or_screen_protector = 保护壳或屏幕保护膜
product-none = 商品

issue-change_of_mind = 您改变了主意
issue-defective = 故障
issue-damaged_in_transit = 运输途中损坏
issue-wrong_item = 发错商品
issue-lost_or_stolen = 丢失或被盗
issue-not_delivered = 未送达
issue-misuse_damage = 使用不当造成的损坏
issue-refund_not_received = 未收到退款
issue-other = 您的问题

remedy-full_refund = 全额退款
remedy-replacement = 更换新品
remedy-exchange = 换货
remedy-refund = 退款
remedy-half_refund = 退还一半购买价款
remedy-none = { $vendor }的答复
remedy-or = { $a }或{ $b }

step-dated = { $date }之前：{ $what }。
step-undated = 日期确定后（自{ $from }起算）：{ $what }。
from-claim_date = 您提出申请之日
from-order_date = 下单日期
from-delivery_date = 您收到商品之日
from-invoice_date = 发票日期
from-first_notice_date = 您首次联系{ $vendor }之日
from-approval_date = { $vendor }批准退货之日
from-shipped_date = 您寄出商品之日
from-vendor_received_date = { $vendor }收到商品之日
from-unknown = 尚不确定的日期

win-millso-money_back_end = 通过{ $support }联系{ $vendor }，使用45天退款保证
win-millso-faq_non_quality_end = 就非质量问题的退货，通过{ $support }联系{ $vendor }
win-millso-warranty_end = 在12个月保修期内，通过{ $support }联系{ $vendor }
win-millso-extended_term_check = 在更长的产品保修期内，通过{ $support }联系{ $vendor }
win-millso-amazon_label = 使用提供的亚马逊退货标签
win-millso-ship_back = 按照{ $vendor }的指示将商品寄回{ $vendor }
win-mitkco-report_7_days = 将问题描述发送电子邮件至{ $sales }
win-mitkco-wrong_item_7_days = 发送电子邮件至{ $sales }，说明收到的商品有误，以便安排取件和退货
win-mitkco-reason_7_days = 以书面形式将退货原因发送电子邮件至{ $sales }
win-mitkco-deemed_7_days = 将商品的任何问题发送电子邮件至{ $sales }
win-mitkco-transit_claim_14_days = 将损坏的照片或视频发送至{ $sales }；在{ $vendor }通知之前请勿寄回商品
win-mitkco-invoice_60_days = 将商品连同照片和简短说明寄回{ $address }，并将快递单号发送电子邮件至{ $sales }
win-mitkco-return_53_days = 将完好的商品寄回{ $address }，并将快递单号发送电子邮件至{ $sales }
win-mitkco-ship_by = 将商品寄回{ $address }，并将快递单号发送电子邮件至{ $sales }
win-mitkco-refund_due = { $vendor }办理换货或退款

vendor-days = { $vendor }表示，将在收到商品后{ $days }天内为您办理{ $remedy }。
vendor-notime = { $vendor }收到退回的商品后，将为您办理{ $remedy }；条款未规定期限。
vendor-review = { $vendor }将决定您的申请并答复您；条款未规定期限。

ship-customer = 退货运费由您承担。
ship-vendor = 退货运费由{ $vendor }承担。
ship-customer_international = 国际退货运费由您承担。
ship-not_stated = 条款未说明由谁承担退货运费：寄出商品前请先询问{ $vendor }。
ship-no_return_yet = 暂时不要寄回任何东西：请等待{ $vendor }的指示。
ship-none = 无需退货。

warn-millso-MS-AMZ-US = 亚马逊退货标签仅在{ $date }之前有效；之后请通过{ $support }询问{ $vendor }如何寄送。
warn-millso-MS-L-SHIPBACK = 商品应在{ $date }之前寄回；{ $vendor }表示，进一步延误可能使退货失效。
warn-mitkco-MK-REFUND2 = { $vendor }已收到商品，换货或退款应于{ $date }前办理：如仍未收到，请写信至{ $info }。
warn-mitkco-MK-60INV = 退货须在发票日期起60天内（{ $date }前）完成；该日期已过，{ $vendor }可能拒绝退货。

law-intro = 一般信息，并非法律意见：除{ $vendor }自己的条款外，法律可能赋予您针对卖家的权利。
law-until = 至{ $date }
law-until-unknown = 自您收到商品之日起算
law-turn = 如卖家不予解决，您可以向{ $body }求助。
law-EU-CRD-9 = 欧盟法律：远程购买的商品，您可在收货后14天内无理由撤销（{ $until }）。
law-EU-CRD-10 = 欧盟法律：如未被告知撤销权，14天期限最多延长12个月。
law-EU-CRD-14 = 欧盟法律：撤销后您须在14天内寄回商品；除非卖家同意承担，直接费用由您承担。
law-EU-CRD-13 = 欧盟法律：卖家须在收到撤销通知后14天内退款。
law-EU-SGD-10 = 欧盟法律：交付后两年内（{ $until }）出现的故障，卖家须免费修理或更换。
law-EU-SGD-11 = 欧盟法律：交付后一年内（{ $until }）出现的故障，推定在交付时已存在。
law-EU-SGD-14 = 欧盟法律：修理或更换对您免费，包括邮费。
law-EU-SGD-17 = 欧盟法律：{ $vendor }自己的保修是在法定权利之外的附加保障，不能减少您的法定权利。
law-GB-CCR-29 = 英国法律：远程购买的商品，您可在收货后14天内取消（{ $until }）。
law-GB-CRA-9-11 = 英国法律：商品必须与描述相符、质量令人满意并适合用途；否则卖家应向您提供补救。
law-GB-CRA-22 = 英国法律：不符合合同的商品，可在交付后30天内（{ $until }）拒收并获得全额退款。
law-GB-CRA-19 = 英国法律：交付后六个月内（{ $until }）出现的故障，视为交付时已存在。
law-JP-SCTA-15-3 = 日本法律：邮购的8天解除权在此不适用，因为{ $vendor }已列明自己的退货条款；以该条款为准。
law-JP-CC-562 = 日本法律：商品不符合合同时，卖家须承担责任（民法）。
law-US-MMWA-2308 = 美国法律：您所在州的法律可能给予您多于{ $vendor }书面保修的权利（默示适销性保证）。
law-CN-CRPL-25 = 中国法律：网购商品自收到之日起7日内（{ $until }）可无理由退货，商品须完好；除另有约定外，退货运费由您承担，卖家应在收到退回商品之日起7日内退款。
turn-eu-domestic = 您所在国家的消费者保护机构
turn-eu-abroad = 您所在国家的欧洲消费者中心（ECC-Net）
turn-gb-domestic = Citizens Advice消费者热线
turn-gb-abroad = Citizens Advice消费者热线
turn-jp-domestic = 当地消费生活中心（消费者热线188）
turn-jp-abroad = 当地消费生活中心（消费者热线188）
turn-us-domestic = 您所在州总检察长的消费者保护办公室
turn-us-abroad = 您所在州总检察长的消费者保护办公室
turn-cn-domestic = 12315消费者投诉热线
turn-cn-abroad = 12315消费者投诉热线

why-late = { $vendor }规定的期限已于{ $date }结束：{ $what }。
why-review = 根据{ $vendor }的条款，此事由{ $vendor }自行决定；我们已转交您的信息，并会告知您答复。
why-issue-change_of_mind = 不符合{ $vendor }无理由退货的条件：须按时告知、商品完好并按时寄回。
why-issue-defective = { $vendor }的条款目前不涵盖此故障。
why-issue-damaged_in_transit = { $vendor }的条款仅接受按时报告的运输损坏。
why-issue-wrong_item = { $vendor }的条款仅接受按时报告的错发商品。
why-issue-lost_or_stolen = { $vendor }的条款不涵盖丢失或被盗的商品。
why-issue-not_delivered = 从未送达的包裹不由{ $vendor }的条款决定，而以承运商的记录为准。
why-issue-misuse_damage = { $vendor }的条款不涵盖使用不当或意外造成的损坏。
why-issue-refund_not_received = { $vendor }的条款对此没有其他补救。
why-issue-other = { $vendor }的条款不涵盖此申请。
still-law = 上述法定权利仍可能对您有帮助。
still-ask = 您仍可写信给{ $vendor }（{ $contact }），请求重新审核您的案件。

original-intro = 作出此决定所依据的{ $vendor }原文（英文）：

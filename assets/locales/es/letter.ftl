# La carta al cliente, español (shared/customer-letter.md).

subject = Su reclamación { $case } con { $vendor }
greeting-name = Estimado/a { $name }:
greeting = Estimado/a cliente:
closing = Atentamente,
from-phone = Teléfono: { $phone }
from-email = Correo electrónico: { $email }
ref-case = Expediente: { $case }
ref-order = Pedido: { $order }
ref-date = Fecha: { $date }
date-unknown = una fecha aún desconocida

heading-decision = Nuestra decisión
heading-you = Lo que usted hace a continuación
heading-vendor = Lo que { $vendor } hace a continuación
heading-shipping = Gastos de devolución
heading-law = Sus derechos legales
heading-why = Por qué
heading-original = Texto original

decision-eligible = Su reclamación sobre su artículo ({ $product }) de { $vendor } ({ $issue }) está cubierta por las condiciones de { $vendor }: puede recibir { $remedy }.
decision-not_eligible = Su reclamación sobre su artículo ({ $product }) de { $vendor } ({ $issue }) no está cubierta por las condiciones de { $vendor }.
decision-review = Su reclamación sobre su artículo ({ $product }) de { $vendor } ({ $issue }) debe decidirla { $vendor }: aún no podemos prometerle el resultado.
decision-follow_up = Hemos revisado su consulta sobre su artículo ({ $product }) de { $vendor } ({ $issue }); abajo le indicamos los siguientes pasos.

product-device = dispositivo
product-case_or_screen_protector = funda o protector de pantalla
product-none = artículo

issue-change_of_mind = ha cambiado de opinión
issue-defective = un defecto
issue-damaged_in_transit = dañado en el transporte
issue-wrong_item = artículo equivocado
issue-lost_or_stolen = perdido o robado
issue-not_delivered = no entregado
issue-misuse_damage = daño por mal uso
issue-refund_not_received = reembolso no recibido
issue-other = su consulta

remedy-full_refund = un reembolso completo
remedy-replacement = una sustitución
remedy-exchange = un cambio
remedy-refund = un reembolso
remedy-half_refund = el reembolso de la mitad del precio de compra
remedy-none = la respuesta de { $vendor }
remedy-or = { $a } o { $b }

step-dated = Antes del { $date }: { $what }.
step-undated = Cuando se conozca la fecha (contada desde { $from }): { $what }.
from-claim_date = el día de su reclamación
from-order_date = la fecha del pedido
from-delivery_date = el día en que recibió el artículo
from-invoice_date = la fecha de la factura
from-first_notice_date = el día en que contactó por primera vez con { $vendor }
from-approval_date = el día en que { $vendor } apruebe la devolución
from-shipped_date = el día en que envíe el artículo
from-vendor_received_date = el día en que { $vendor } reciba el artículo
from-unknown = una fecha aún desconocida

win-millso-money_back_end = contacte con { $vendor } en { $support } para usar la garantía de devolución del dinero de 45 días
win-millso-faq_non_quality_end = contacte con { $vendor } en { $support } por una devolución que no se debe a la calidad
win-millso-warranty_end = contacte con { $vendor } en { $support } dentro de la garantía de 12 meses
win-millso-extended_term_check = contacte con { $vendor } en { $support } dentro de la garantía más larga del producto
win-millso-amazon_label = use la etiqueta de devolución de Amazon facilitada
win-millso-ship_back = devuelva el artículo a { $vendor } según las instrucciones de { $vendor }
win-mitkco-report_7_days = envíe una descripción del problema por correo a { $sales }
win-mitkco-wrong_item_7_days = escriba a { $sales } que recibió un artículo equivocado, para acordar la recogida y la devolución
win-mitkco-reason_7_days = indique por escrito a { $sales } el motivo de la devolución
win-mitkco-deemed_7_days = escriba a { $sales } sobre cualquier problema con el artículo
win-mitkco-transit_claim_14_days = envíe fotos o un vídeo del daño a { $sales }; no devuelva el artículo hasta que { $vendor } se lo indique
win-mitkco-invoice_60_days = devuelva el artículo a { $address } con una foto y una breve explicación, y envíe el número de seguimiento a { $sales }
win-mitkco-return_53_days = devuelva el artículo intacto a { $address } y envíe el número de seguimiento a { $sales }
win-mitkco-ship_by = devuelva el artículo a { $address } y envíe el número de seguimiento a { $sales }
win-mitkco-refund_due = { $vendor } realiza el cambio o el reembolso

vendor-days = Según { $vendor }, usted recibe { $remedy } en { $days ->
    [one] { $days } día
   *[other] { $days } días
} desde que recibe el artículo.
vendor-notime = Cuando { $vendor } tenga el artículo, usted recibe { $remedy }; las condiciones no indican plazo.
vendor-review = { $vendor } decide su reclamación y le responde; las condiciones no indican plazo.

ship-customer = Usted paga el envío de la devolución.
ship-vendor = { $vendor } paga el envío de la devolución.
ship-customer_international = Usted paga el envío internacional de la devolución.
ship-not_stated = Las condiciones no dicen quién paga la devolución: pregunte a { $vendor } antes de enviar el artículo.
ship-no_return_yet = No devuelva nada todavía: espere las instrucciones de { $vendor }.
ship-none = No hace falta devolver nada.

warn-millso-MS-AMZ-US = La etiqueta de devolución de Amazon solo vale hasta el { $date }; después, pregunte a { $vendor } ({ $support }) cómo enviarlo.
warn-millso-MS-L-SHIPBACK = El artículo debía devolverse antes del { $date }; según { $vendor }, más retraso puede anular la devolución.
warn-mitkco-MK-REFUND2 = { $vendor } recibió el artículo; el cambio o reembolso vencía el { $date }: escriba a { $info } si no le ha llegado.
warn-mitkco-MK-60INV = Las devoluciones deben hacerse en los 60 días siguientes a la fecha de factura ({ $date }); esa fecha ha pasado, así que { $vendor } puede rechazar la devolución.

law-intro = Información general, no asesoramiento jurídico: la ley puede darle derechos, además de las condiciones de { $vendor }, frente al vendedor que le vendió el artículo.
law-until = hasta el { $date }
law-until-unknown = contados desde el día en que recibió el artículo
law-turn = Si el vendedor no lo resuelve, puede dirigirse a { $body }.
law-EU-CRD-9 = Derecho de la UE: puede desistir de una compra a distancia en los 14 días siguientes a la recepción, sin dar motivos ({ $until }).
law-EU-CRD-10 = Derecho de la UE: si no se le informó del derecho de desistimiento, los 14 días se amplían hasta 12 meses.
law-EU-CRD-14 = Derecho de la UE: tras desistir, devuelve el artículo en 14 días; paga el coste directo salvo que el vendedor aceptara asumirlo.
law-EU-CRD-13 = Derecho de la UE: el vendedor le reembolsa en los 14 días siguientes a ser informado del desistimiento.
law-EU-SGD-10 = Derecho de la UE: el vendedor debe subsanar gratis, reparando o sustituyendo, un defecto que aparezca en los dos años siguientes a la entrega ({ $until }).
law-EU-SGD-11 = Derecho de la UE: un defecto que aparezca en el año siguiente a la entrega ({ $until }) se presume existente en la entrega.
law-EU-SGD-14 = Derecho de la UE: la reparación o sustitución es gratuita para usted, envío incluido.
law-EU-SGD-17 = Derecho de la UE: la garantía propia de { $vendor } se suma a sus derechos legales y no puede reducirlos.
law-GB-CCR-29 = Derecho británico: puede cancelar una compra a distancia en los 14 días siguientes a la recepción ({ $until }).
law-GB-CRA-9-11 = Derecho británico: los bienes deben ajustarse a su descripción, tener calidad satisfactoria y servir para su fin; si no, el vendedor le debe una solución.
law-GB-CRA-22 = Derecho británico: los bienes no conformes pueden rechazarse con reembolso completo en los 30 días siguientes a la entrega ({ $until }).
law-GB-CRA-19 = Derecho británico: un defecto que aparezca en los seis meses siguientes a la entrega ({ $until }) se considera existente en la entrega.
law-JP-SCTA-15-3 = Derecho japonés: el derecho de cancelación de 8 días de la venta por correo no se aplica aquí, porque { $vendor } indica sus propias condiciones de devolución; se aplican estas.
law-JP-CC-562 = Derecho japonés: el vendedor responde cuando el bien no es conforme al contrato (Código Civil).
law-US-MMWA-2308 = Derecho estadounidense: la ley de su estado puede darle más que la garantía escrita de { $vendor } (garantía implícita de comerciabilidad).
law-CN-CRPL-25 = Derecho chino: los bienes comprados en línea pueden devolverse sin motivo en los 7 días siguientes a la recepción ({ $until }), en buen estado; usted paga la devolución salvo pacto en contrario, y el vendedor reembolsa en los 7 días siguientes a recibirlos.
turn-eu-domestic = la autoridad nacional de consumo de su país
turn-eu-abroad = el Centro Europeo del Consumidor de su país (red ECC)
turn-gb-domestic = la línea de consumo de Citizens Advice
turn-gb-abroad = la línea de consumo de Citizens Advice
turn-jp-domestic = su centro local de consumo (línea 188)
turn-jp-abroad = su centro local de consumo (línea 188)
turn-us-domestic = la oficina de protección al consumidor del fiscal general de su estado
turn-us-abroad = la oficina de protección al consumidor del fiscal general de su estado
turn-cn-domestic = la línea de consumo 12315
turn-cn-abroad = la línea de consumo 12315

why-late = El plazo de { $vendor } para esto terminó el { $date }: { $what }.
why-review = Las condiciones de { $vendor } dejan la decisión a { $vendor }; le hemos pasado sus datos y le comunicaremos su respuesta.
why-issue-change_of_mind = No se cumplen las condiciones de { $vendor } para un cambio de opinión: el artículo debe comunicarse a tiempo, estar intacto y devolverse en plazo.
why-issue-defective = Las condiciones de { $vendor } no cubren este defecto en este momento.
why-issue-damaged_in_transit = Las condiciones de { $vendor } solo aceptan daños de transporte comunicados a tiempo.
why-issue-wrong_item = Las condiciones de { $vendor } solo aceptan un artículo equivocado comunicado a tiempo.
why-issue-lost_or_stolen = Las condiciones de { $vendor } no cubren un artículo perdido o robado.
why-issue-not_delivered = Un paquete que nunca llegó no lo deciden las condiciones de { $vendor }, sino los registros del transportista.
why-issue-misuse_damage = Las condiciones de { $vendor } no cubren daños por mal uso o accidente.
why-issue-refund_not_received = Las condiciones de { $vendor } no prevén otra solución para esto.
why-issue-other = Las condiciones de { $vendor } no cubren esta reclamación.
still-law = Sus derechos legales, arriba, aún pueden ayudarle.
still-ask = Aún puede escribir a { $vendor } ({ $contact }) y pedir que revisen su caso.

original-intro = El texto de { $vendor } en el que se basa esta decisión, en inglés:

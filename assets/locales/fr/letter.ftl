# La lettre au client, français (shared/customer-letter.md).

subject = Votre réclamation { $case } auprès de { $vendor }
greeting-name = Bonjour { $name },
greeting = Madame, Monsieur,
closing = Cordialement,
from-phone = Téléphone : { $phone }
from-email = E-mail : { $email }
ref-case = Dossier : { $case }
ref-order = Commande : { $order }
ref-date = Date : { $date }
date-unknown = une date encore inconnue

heading-decision = Notre décision
heading-you = Ce que vous faites ensuite
heading-vendor = Ce que { $vendor } fait ensuite
heading-shipping = Frais de retour
heading-law = Vos droits légaux
heading-why = Pourquoi
heading-original = Texte original

decision-eligible = Votre réclamation concernant votre article ({ $product }) de { $vendor } ({ $issue }) est couverte par les conditions de { $vendor } : vous pouvez obtenir { $remedy }.
decision-not_eligible = Votre réclamation concernant votre article ({ $product }) de { $vendor } ({ $issue }) n'est pas couverte par les conditions de { $vendor }.
decision-review = Votre réclamation concernant votre article ({ $product }) de { $vendor } ({ $issue }) doit être tranchée par { $vendor } : nous ne pouvons pas encore en promettre l'issue.
decision-follow_up = Nous avons examiné votre demande concernant votre article ({ $product }) de { $vendor } ({ $issue }) ; la suite est indiquée ci-dessous.

product-device = appareil
product-case_or_screen_protector = coque ou protection d'écran
product-none = article

issue-change_of_mind = vous avez changé d'avis
issue-defective = un défaut
issue-damaged_in_transit = endommagé pendant le transport
issue-wrong_item = mauvais article
issue-lost_or_stolen = perdu ou volé
issue-not_delivered = non livré
issue-misuse_damage = dommage dû à une mauvaise utilisation
issue-refund_not_received = remboursement non reçu
issue-other = votre demande

remedy-full_refund = un remboursement intégral
remedy-replacement = un remplacement
remedy-exchange = un échange
remedy-refund = un remboursement
remedy-half_refund = le remboursement de la moitié du prix d'achat
remedy-none = la réponse de { $vendor }
remedy-or = { $a } ou { $b }

step-dated = Avant le { $date } : { $what }.
step-undated = Dès que la date sera connue (à compter de { $from }) : { $what }.
from-claim_date = la date de votre réclamation
from-order_date = la date de commande
from-delivery_date = la date à laquelle vous avez reçu l'article
from-invoice_date = la date de la facture
from-first_notice_date = la date de votre premier contact avec { $vendor }
from-approval_date = la date à laquelle { $vendor } accepte le retour
from-shipped_date = la date à laquelle vous expédiez l'article
from-vendor_received_date = la date à laquelle { $vendor } reçoit l'article
from-unknown = une date encore inconnue

win-millso-money_back_end = contactez { $vendor } à { $support } pour utiliser la garantie satisfait ou remboursé de 45 jours
win-millso-faq_non_quality_end = contactez { $vendor } à { $support } pour un retour sans défaut de qualité
win-millso-warranty_end = contactez { $vendor } à { $support } au titre de la garantie de 12 mois
win-millso-extended_term_check = contactez { $vendor } à { $support } au titre de la garantie produit plus longue
win-millso-amazon_label = utilisez l'étiquette de retour Amazon fournie
win-millso-ship_back = renvoyez l'article à { $vendor } selon les instructions de { $vendor }
win-mitkco-report_7_days = envoyez une description du problème par e-mail à { $sales }
win-mitkco-wrong_item_7_days = écrivez à { $sales } que vous avez reçu un mauvais article, pour organiser l'enlèvement et le retour
win-mitkco-reason_7_days = indiquez par écrit à { $sales } la raison du retour
win-mitkco-deemed_7_days = signalez par e-mail à { $sales } tout problème avec l'article
win-mitkco-transit_claim_14_days = envoyez des photos ou une vidéo du dommage à { $sales } ; ne renvoyez pas l'article avant que { $vendor } vous le demande
win-mitkco-invoice_60_days = renvoyez l'article à { $address } avec une photo et une courte explication, et envoyez le numéro de suivi à { $sales }
win-mitkco-return_53_days = renvoyez l'article intact à { $address } et envoyez le numéro de suivi à { $sales }
win-mitkco-ship_by = renvoyez l'article à { $address } et envoyez le numéro de suivi à { $sales }
win-mitkco-refund_due = { $vendor } procède à l'échange ou au remboursement

vendor-days = Selon { $vendor }, vous recevez { $remedy } dans un délai de { $days ->
    [one] { $days } jour
   *[other] { $days } jours
} après réception de l'article.
vendor-notime = Dès que { $vendor } a récupéré l'article, vous recevez { $remedy } ; les conditions n'indiquent aucun délai.
vendor-review = { $vendor } tranche votre réclamation et vous répond ; les conditions n'indiquent aucun délai.

ship-customer = Les frais de retour sont à votre charge.
ship-vendor = { $vendor } paie les frais de retour.
ship-customer_international = Les frais de retour international sont à votre charge.
ship-not_stated = Les conditions ne disent pas qui paie le retour : demandez à { $vendor } avant d'envoyer l'article.
ship-no_return_yet = Ne renvoyez rien pour l'instant : attendez les instructions de { $vendor }.
ship-none = Aucun retour n'est nécessaire.

warn-millso-MS-AMZ-US = L'étiquette de retour Amazon n'est valable que jusqu'au { $date } ; ensuite, demandez à { $vendor } ({ $support }) comment expédier.
warn-millso-MS-L-SHIPBACK = L'article devait être renvoyé avant le { $date } ; selon { $vendor }, tout retard supplémentaire peut annuler le retour.
warn-mitkco-MK-REFUND2 = { $vendor } a reçu l'article ; l'échange ou le remboursement était dû le { $date } : écrivez à { $info } s'il n'est pas arrivé.
warn-mitkco-MK-60INV = Les retours doivent être faits dans les 60 jours suivant la date de facture ({ $date }) ; cette date est passée, { $vendor } peut donc refuser le retour.

law-intro = Information générale, pas un conseil juridique : la loi peut vous donner des droits, en plus des conditions de { $vendor }, envers le vendeur qui vous a vendu l'article.
law-until = jusqu'au { $date }
law-until-unknown = compté à partir du jour où vous avez reçu l'article
law-turn = Si le vendeur ne règle pas le problème, vous pouvez vous adresser à { $body }.
law-EU-CRD-9 = Droit de l'UE : vous pouvez vous rétracter d'un achat à distance dans les 14 jours suivant la réception, sans motif ({ $until }).
law-EU-CRD-10 = Droit de l'UE : si vous n'avez pas été informé de votre droit de rétractation, les 14 jours sont prolongés de 12 mois au plus.
law-EU-CRD-14 = Droit de l'UE : après la rétractation, vous renvoyez l'article sous 14 jours ; les frais directs sont à votre charge sauf si le vendeur a accepté de les payer.
law-EU-CRD-13 = Droit de l'UE : le vendeur vous rembourse dans les 14 jours après avoir été informé de votre rétractation.
law-EU-SGD-10 = Droit de l'UE : le vendeur doit remédier gratuitement, par réparation ou remplacement, à un défaut apparu dans les deux ans suivant la livraison ({ $until }).
law-EU-SGD-11 = Droit de l'UE : un défaut apparu dans l'année suivant la livraison ({ $until }) est présumé exister dès la livraison.
law-EU-SGD-14 = Droit de l'UE : la réparation ou le remplacement est gratuit pour vous, frais d'envoi compris.
law-EU-SGD-17 = Droit de l'UE : la garantie propre de { $vendor } s'ajoute à vos droits légaux et ne peut pas les réduire.
law-GB-CCR-29 = Droit britannique : vous pouvez annuler un achat à distance dans les 14 jours suivant la réception ({ $until }).
law-GB-CRA-9-11 = Droit britannique : les biens doivent être conformes à leur description, de qualité satisfaisante et propres à l'usage ; sinon, le vendeur vous doit une solution.
law-GB-CRA-22 = Droit britannique : des biens non conformes au contrat peuvent être refusés contre un remboursement intégral dans les 30 jours suivant la livraison ({ $until }).
law-GB-CRA-19 = Droit britannique : un défaut apparu dans les six mois suivant la livraison ({ $until }) est réputé exister dès la livraison.
law-JP-SCTA-15-3 = Droit japonais : le droit d'annulation de 8 jours pour la vente par correspondance ne s'applique pas ici, car { $vendor } indique ses propres conditions de retour ; ce sont elles qui s'appliquent.
law-JP-CC-562 = Droit japonais : le vendeur est responsable lorsque le bien n'est pas conforme au contrat (Code civil).
law-US-MMWA-2308 = Droit américain : le droit de votre État peut vous donner davantage que la garantie écrite de { $vendor } (garantie implicite de qualité marchande).
law-CN-CRPL-25 = Droit chinois : un bien acheté en ligne peut être retourné sans motif dans les 7 jours suivant la réception ({ $until }), en bon état ; le retour est à votre charge sauf accord contraire, et le vendeur rembourse dans les 7 jours suivant la réception.
turn-eu-domestic = l'autorité nationale de protection des consommateurs de votre pays
turn-eu-abroad = le Centre européen des consommateurs de votre pays (réseau CEC)
turn-gb-domestic = la ligne consommateurs de Citizens Advice
turn-gb-abroad = la ligne consommateurs de Citizens Advice
turn-jp-domestic = votre centre local de la consommation (ligne 188)
turn-jp-abroad = votre centre local de la consommation (ligne 188)
turn-us-domestic = le service de protection des consommateurs du procureur général de votre État
turn-us-abroad = le service de protection des consommateurs du procureur général de votre État
turn-cn-domestic = la ligne consommateurs 12315
turn-cn-abroad = la ligne consommateurs 12315

why-late = Le délai de { $vendor } pour cela a pris fin le { $date } : { $what }.
why-review = Les conditions de { $vendor } lui laissent la décision ; nous lui avons transmis vos informations et vous communiquerons sa réponse.
why-issue-change_of_mind = Les conditions de { $vendor } pour un changement d'avis ne sont pas remplies : l'article doit être signalé à temps, intact et renvoyé dans les délais.
why-issue-defective = Les conditions de { $vendor } ne couvrent pas ce défaut à ce stade.
why-issue-damaged_in_transit = Les conditions de { $vendor } n'acceptent les dommages de transport que s'ils sont signalés à temps.
why-issue-wrong_item = Les conditions de { $vendor } n'acceptent un mauvais article que s'il est signalé à temps.
why-issue-lost_or_stolen = Les conditions de { $vendor } ne couvrent pas un article perdu ou volé.
why-issue-not_delivered = Pour un colis jamais arrivé, ce ne sont pas les conditions de { $vendor } qui décident, mais les données du transporteur.
why-issue-misuse_damage = Les conditions de { $vendor } ne couvrent pas les dommages dus à une mauvaise utilisation ou à un accident.
why-issue-refund_not_received = Les conditions de { $vendor } ne prévoient pas d'autre solution pour cela.
why-issue-other = Les conditions de { $vendor } ne couvrent pas cette réclamation.
still-law = Vos droits légaux, ci-dessus, peuvent encore vous aider.
still-ask = Vous pouvez encore écrire à { $vendor } ({ $contact }) pour demander un nouvel examen de votre dossier.

original-intro = Le texte de { $vendor } à l'origine de cette décision, en anglais :

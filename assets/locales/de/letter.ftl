# Das Schreiben an den Kunden, Deutsch (shared/customer-letter.md).

subject = Ihre Reklamation { $case } bei { $vendor }
greeting-name = Guten Tag { $name },
greeting = Sehr geehrte Kundin, sehr geehrter Kunde,
closing = Mit freundlichen Grüßen
from-phone = Telefon: { $phone }
from-email = E-Mail: { $email }
ref-case = Vorgang: { $case }
ref-order = Bestellung: { $order }
ref-date = Datum: { $date }
date-unknown = ein noch unbekanntes Datum

heading-decision = Unsere Entscheidung
heading-you = Was Sie als Nächstes tun
heading-vendor = Was { $vendor } als Nächstes tut
heading-shipping = Rücksendekosten
heading-law = Ihre gesetzlichen Rechte
heading-why = Warum
heading-original = Originalwortlaut

decision-eligible = Ihre Reklamation zu Ihrem Artikel ({ $product }) von { $vendor } ({ $issue }) ist durch die Bedingungen von { $vendor } gedeckt: Sie können { $remedy } erhalten.
decision-not_eligible = Ihre Reklamation zu Ihrem Artikel ({ $product }) von { $vendor } ({ $issue }) ist durch die Bedingungen von { $vendor } nicht gedeckt.
decision-review = Über Ihre Reklamation zu Ihrem Artikel ({ $product }) von { $vendor } ({ $issue }) entscheidet { $vendor } selbst: Das Ergebnis können wir noch nicht zusagen.
decision-follow_up = Wir haben Ihr Anliegen zu Ihrem Artikel ({ $product }) von { $vendor } ({ $issue }) geprüft; unten steht, wie es weitergeht.

product-device = Gerät
product-case_or_screen_protector = Hülle oder Displayschutz
product-none = Artikel

issue-change_of_mind = Sie haben es sich anders überlegt
issue-defective = ein Defekt
issue-damaged_in_transit = beim Transport beschädigt
issue-wrong_item = falscher Artikel
issue-lost_or_stolen = verloren oder gestohlen
issue-not_delivered = nicht geliefert
issue-misuse_damage = Schaden durch unsachgemäßen Gebrauch
issue-refund_not_received = Erstattung nicht erhalten
issue-other = Ihr Anliegen

remedy-full_refund = eine volle Erstattung
remedy-replacement = einen Ersatz
remedy-exchange = einen Umtausch
remedy-refund = eine Erstattung
remedy-half_refund = eine Erstattung des halben Kaufpreises
remedy-none = die Antwort von { $vendor }
remedy-or = { $a } oder { $b }

step-dated = Bis { $date }: { $what }.
step-undated = Sobald das Datum feststeht (gerechnet ab { $from }): { $what }.
from-claim_date = dem Tag Ihrer Reklamation
from-order_date = dem Bestelldatum
from-delivery_date = dem Tag, an dem Sie den Artikel erhalten haben
from-invoice_date = dem Rechnungsdatum
from-first_notice_date = dem Tag, an dem Sie sich zuerst bei { $vendor } gemeldet haben
from-approval_date = dem Tag, an dem { $vendor } die Rücksendung genehmigt
from-shipped_date = dem Tag, an dem Sie den Artikel absenden
from-vendor_received_date = dem Tag, an dem { $vendor } den Artikel erhält
from-unknown = einem noch unbekannten Datum

win-millso-money_back_end = { $vendor } unter { $support } kontaktieren, um die 45-Tage-Geld-zurück-Garantie zu nutzen
win-millso-faq_non_quality_end = { $vendor } unter { $support } wegen einer Rückgabe ohne Qualitätsmangel kontaktieren
win-millso-warranty_end = { $vendor } unter { $support } im Rahmen der 12-monatigen Garantie kontaktieren
win-millso-extended_term_check = { $vendor } unter { $support } im Rahmen der längeren Produktgarantie kontaktieren
win-millso-amazon_label = das bereitgestellte Amazon-Rücksendeetikett verwenden
win-millso-ship_back = den Artikel nach Anweisung von { $vendor } an { $vendor } zurücksenden
win-mitkco-report_7_days = eine Beschreibung des Problems per E-Mail an { $sales } senden
win-mitkco-wrong_item_7_days = { $sales } per E-Mail mitteilen, dass Sie einen falschen Artikel erhalten haben, um Abholung und Rücksendung zu vereinbaren
win-mitkco-reason_7_days = { $sales } den Grund der Rückgabe schriftlich per E-Mail mitteilen
win-mitkco-deemed_7_days = { $sales } per E-Mail über jedes Problem mit dem Artikel informieren
win-mitkco-transit_claim_14_days = Fotos oder ein Video des Schadens per E-Mail an { $sales } senden; den Artikel erst zurückschicken, wenn { $vendor } Sie dazu auffordert
win-mitkco-invoice_60_days = den Artikel mit einem Foto und einer kurzen Erklärung an { $address } zurücksenden und die Sendungsnummer per E-Mail an { $sales } schicken
win-mitkco-return_53_days = den Artikel unversehrt an { $address } zurücksenden und die Sendungsnummer per E-Mail an { $sales } schicken
win-mitkco-ship_by = den Artikel an { $address } zurücksenden und die Sendungsnummer per E-Mail an { $sales } schicken
win-mitkco-refund_due = { $vendor } leistet den Umtausch oder die Erstattung

vendor-days = Laut { $vendor } erhalten Sie { $remedy } innerhalb von { $days ->
    [one] { $days } Tag
   *[other] { $days } Tagen
} nach Eingang des Artikels.
vendor-notime = Sobald { $vendor } den Artikel zurückhat, erhalten Sie { $remedy }; die Bedingungen nennen keine Frist.
vendor-review = { $vendor } entscheidet über Ihre Reklamation und antwortet Ihnen; die Bedingungen nennen keine Frist.

ship-customer = Sie tragen die Rücksendekosten.
ship-vendor = { $vendor } trägt die Rücksendekosten.
ship-customer_international = Sie tragen die Kosten der internationalen Rücksendung.
ship-not_stated = Die Bedingungen sagen nicht, wer die Rücksendung bezahlt: Fragen Sie { $vendor }, bevor Sie den Artikel absenden.
ship-no_return_yet = Senden Sie noch nichts zurück: Warten Sie auf die Anweisungen von { $vendor }.
ship-none = Eine Rücksendung ist nicht nötig.

warn-millso-MS-AMZ-US = Das Amazon-Rücksendeetikett gilt nur bis { $date }; danach fragen Sie { $vendor } unter { $support }, wie Sie den Artikel senden.
warn-millso-MS-L-SHIPBACK = Der Artikel musste bis { $date } zurückgesandt werden; laut { $vendor } kann weitere Verzögerung die Rückgabe ungültig machen.
warn-mitkco-MK-REFUND2 = { $vendor } hat den Artikel erhalten; Umtausch oder Erstattung waren bis { $date } fällig: Schreiben Sie an { $info }, falls nichts angekommen ist.
warn-mitkco-MK-60INV = Rücksendungen müssen innerhalb von 60 Tagen ab Rechnungsdatum erfolgen ({ $date }); dieses Datum ist vorbei, daher kann { $vendor } die Rücksendung ablehnen.

law-intro = Allgemeine Information, keine Rechtsberatung: Das Gesetz kann Ihnen neben den Bedingungen von { $vendor } Rechte gegenüber dem Verkäufer geben, bei dem Sie gekauft haben.
law-until = bis { $date }
law-until-unknown = gerechnet ab dem Tag, an dem Sie den Artikel erhalten haben
law-turn = Hilft der Verkäufer nicht ab, können Sie sich an { $body } wenden.
law-EU-CRD-9 = EU-Recht: Einen Fernabsatzkauf können Sie innerhalb von 14 Tagen nach Erhalt des Artikels ohne Angabe von Gründen widerrufen ({ $until }).
law-EU-CRD-10 = EU-Recht: Wurden Sie nicht über Ihr Widerrufsrecht informiert, verlängern sich die 14 Tage um bis zu 12 Monate.
law-EU-CRD-14 = EU-Recht: Nach dem Widerruf senden Sie den Artikel innerhalb von 14 Tagen zurück; die unmittelbaren Kosten tragen Sie, sofern der Verkäufer sie nicht übernommen hat.
law-EU-CRD-13 = EU-Recht: Der Verkäufer erstattet innerhalb von 14 Tagen, nachdem Sie den Widerruf erklärt haben.
law-EU-SGD-10 = EU-Recht: Der Verkäufer muss einen Mangel, der sich innerhalb von zwei Jahren nach Lieferung zeigt ({ $until }), kostenlos durch Reparatur oder Ersatz beheben.
law-EU-SGD-11 = EU-Recht: Bei einem Mangel, der sich innerhalb eines Jahres nach Lieferung zeigt ({ $until }), wird vermutet, dass er schon bei Lieferung bestand.
law-EU-SGD-14 = EU-Recht: Reparatur oder Ersatz sind für Sie kostenlos, einschließlich Versand.
law-EU-SGD-17 = EU-Recht: Die eigene Garantie von { $vendor } gilt zusätzlich zu Ihren gesetzlichen Rechten und kann sie nicht einschränken.
law-GB-CCR-29 = Britisches Recht: Einen Fernabsatzkauf können Sie innerhalb von 14 Tagen nach Erhalt der Ware widerrufen ({ $until }).
law-GB-CRA-9-11 = Britisches Recht: Waren müssen der Beschreibung entsprechen, von zufriedenstellender Qualität und zweckgeeignet sein; andernfalls schuldet Ihnen der Verkäufer Abhilfe.
law-GB-CRA-22 = Britisches Recht: Vertragswidrige Waren können Sie innerhalb von 30 Tagen nach Lieferung gegen volle Erstattung zurückweisen ({ $until }).
law-GB-CRA-19 = Britisches Recht: Ein Mangel, der sich innerhalb von sechs Monaten nach Lieferung zeigt ({ $until }), gilt als schon bei Lieferung vorhanden.
law-JP-SCTA-15-3 = Japanisches Recht: Das 8-tägige Rücktrittsrecht beim Versandhandel gilt hier nicht, weil { $vendor } eigene Rückgabebedingungen nennt; diese gelten.
law-JP-CC-562 = Japanisches Recht: Der Verkäufer haftet, wenn die Ware nicht dem Vertrag entspricht (Zivilgesetzbuch).
law-US-MMWA-2308 = US-Recht: Das Recht Ihres Bundesstaates kann Ihnen mehr geben als die schriftliche Garantie von { $vendor } (stillschweigende Gewährleistung der Marktgängigkeit).
law-CN-CRPL-25 = Chinesisches Recht: Online gekaufte Waren können innerhalb von 7 Tagen nach Erhalt ohne Angabe von Gründen in gutem Zustand zurückgegeben werden ({ $until }); die Rücksendung zahlen Sie, sofern nichts anderes vereinbart ist, und der Verkäufer erstattet innerhalb von 7 Tagen nach Eingang.
turn-eu-domestic = die nationale Verbraucherschutzbehörde Ihres Landes
turn-eu-abroad = das Europäische Verbraucherzentrum Ihres Landes (ECC-Net)
turn-gb-domestic = die Verbraucherhotline von Citizens Advice
turn-gb-abroad = die Verbraucherhotline von Citizens Advice
turn-jp-domestic = Ihr örtliches Verbraucherzentrum (Verbraucher-Hotline 188)
turn-jp-abroad = Ihr örtliches Verbraucherzentrum (Verbraucher-Hotline 188)
turn-us-domestic = die Verbraucherschutzstelle des Generalstaatsanwalts Ihres Bundesstaates
turn-us-abroad = die Verbraucherschutzstelle des Generalstaatsanwalts Ihres Bundesstaates
turn-cn-domestic = die Verbraucher-Hotline 12315
turn-cn-abroad = die Verbraucher-Hotline 12315

why-late = Die Frist von { $vendor } dafür endete am { $date }: { $what }.
why-review = Nach den Bedingungen von { $vendor } entscheidet { $vendor } diesen Fall selbst; wir haben Ihre Angaben weitergegeben und teilen Ihnen die Antwort mit.
why-issue-change_of_mind = Die Bedingungen von { $vendor } für eine Rückgabe ohne Mangel sind nicht erfüllt: Der Artikel muss rechtzeitig gemeldet, unversehrt und fristgerecht zurückgesandt werden.
why-issue-defective = Die Bedingungen von { $vendor } decken diesen Defekt zum jetzigen Zeitpunkt nicht.
why-issue-damaged_in_transit = Die Bedingungen von { $vendor } erkennen Transportschäden nur bei rechtzeitiger Meldung an.
why-issue-wrong_item = Die Bedingungen von { $vendor } erkennen einen falschen Artikel nur bei rechtzeitiger Meldung an.
why-issue-lost_or_stolen = Die Bedingungen von { $vendor } decken keinen verlorenen oder gestohlenen Artikel.
why-issue-not_delivered = Über ein nie angekommenes Paket entscheiden nicht die Bedingungen von { $vendor }, sondern die Unterlagen des Zustellers.
why-issue-misuse_damage = Die Bedingungen von { $vendor } decken keine Schäden durch unsachgemäßen Gebrauch oder Unfall.
why-issue-refund_not_received = Die Bedingungen von { $vendor } sehen hierfür keine weitere Abhilfe vor.
why-issue-other = Die Bedingungen von { $vendor } decken diese Reklamation nicht.
still-law = Ihre oben genannten gesetzlichen Rechte können Ihnen weiterhin helfen.
still-ask = Sie können { $vendor } weiterhin schreiben ({ $contact }) und um erneute Prüfung bitten.

original-intro = Der eigene Wortlaut von { $vendor } zu dieser Entscheidung, auf Englisch:

# La lettera al cliente, italiano (shared/customer-letter.md).

subject = Il suo reclamo { $case } con { $vendor }
greeting-name = Gentile { $name },
greeting = Gentile cliente,
closing = Cordiali saluti,
from-phone = Telefono: { $phone }
from-email = E-mail: { $email }
ref-case = Pratica: { $case }
ref-order = Ordine: { $order }
ref-date = Data: { $date }
date-unknown = una data non ancora nota

heading-decision = La nostra decisione
heading-you = Cosa fa lei ora
heading-vendor = Cosa fa { $vendor } ora
heading-shipping = Spese di reso
heading-law = I suoi diritti per legge
heading-why = Perché
heading-original = Testo originale

decision-eligible = Il suo reclamo per il suo articolo ({ $product }) di { $vendor } ({ $issue }) è coperto dalle condizioni di { $vendor }: può ricevere { $remedy }.
decision-not_eligible = Il suo reclamo per il suo articolo ({ $product }) di { $vendor } ({ $issue }) non è coperto dalle condizioni di { $vendor }.
decision-review = Sul suo reclamo per il suo articolo ({ $product }) di { $vendor } ({ $issue }) decide { $vendor }: non possiamo ancora prometterle l'esito.
decision-follow_up = Abbiamo esaminato la sua richiesta per il suo articolo ({ $product }) di { $vendor } ({ $issue }); qui sotto i passi successivi.

product-device = dispositivo
product-case_or_screen_protector = custodia o pellicola protettiva
product-none = articolo

issue-change_of_mind = ha cambiato idea
issue-defective = un difetto
issue-damaged_in_transit = danneggiato durante il trasporto
issue-wrong_item = articolo sbagliato
issue-lost_or_stolen = perso o rubato
issue-not_delivered = non consegnato
issue-misuse_damage = danno da uso improprio
issue-refund_not_received = rimborso non ricevuto
issue-other = la sua richiesta

remedy-full_refund = un rimborso completo
remedy-replacement = una sostituzione
remedy-exchange = un cambio
remedy-refund = un rimborso
remedy-half_refund = il rimborso di metà del prezzo d'acquisto
remedy-none = la risposta di { $vendor }
remedy-or = { $a } o { $b }

step-dated = Entro { $date }: { $what }.
step-undated = Quando la data sarà nota (a partire da { $from }): { $what }.
from-claim_date = il giorno del suo reclamo
from-order_date = la data dell'ordine
from-delivery_date = il giorno in cui ha ricevuto l'articolo
from-invoice_date = la data della fattura
from-first_notice_date = il giorno in cui ha contattato per la prima volta { $vendor }
from-approval_date = il giorno in cui { $vendor } approva il reso
from-shipped_date = il giorno in cui spedisce l'articolo
from-vendor_received_date = il giorno in cui { $vendor } riceve l'articolo
from-unknown = una data non ancora nota

win-millso-money_back_end = contatti { $vendor } a { $support } per usare la garanzia soddisfatti o rimborsati di 45 giorni
win-millso-faq_non_quality_end = contatti { $vendor } a { $support } per un reso non legato alla qualità
win-millso-warranty_end = contatti { $vendor } a { $support } nell'ambito della garanzia di 12 mesi
win-millso-extended_term_check = contatti { $vendor } a { $support } nell'ambito della garanzia più lunga del prodotto
win-millso-amazon_label = usi l'etichetta di reso Amazon fornita
win-millso-ship_back = rispedisca l'articolo a { $vendor } secondo le istruzioni di { $vendor }
win-mitkco-report_7_days = invii una descrizione del problema via e-mail a { $sales }
win-mitkco-wrong_item_7_days = scriva a { $sales } di aver ricevuto un articolo sbagliato, per concordare ritiro e reso
win-mitkco-reason_7_days = comunichi per iscritto a { $sales } il motivo del reso
win-mitkco-deemed_7_days = scriva a { $sales } per qualsiasi problema con l'articolo
win-mitkco-transit_claim_14_days = invii foto o un video del danno a { $sales }; non rispedisca l'articolo finché { $vendor } non glielo chiede
win-mitkco-invoice_60_days = rispedisca l'articolo a { $address } con una foto e una breve spiegazione, e invii il numero di tracciamento a { $sales }
win-mitkco-return_53_days = rispedisca l'articolo integro a { $address } e invii il numero di tracciamento a { $sales }
win-mitkco-ship_by = rispedisca l'articolo a { $address } e invii il numero di tracciamento a { $sales }
win-mitkco-refund_due = { $vendor } effettua il cambio o il rimborso

vendor-days = Secondo { $vendor }, lei riceve { $remedy } entro { $days ->
    [one] { $days } giorno
   *[other] { $days } giorni
} dal ricevimento dell'articolo.
vendor-notime = Quando { $vendor } avrà l'articolo, lei riceve { $remedy }; le condizioni non indicano alcun termine.
vendor-review = { $vendor } decide sul suo reclamo e le risponde; le condizioni non indicano alcun termine.

ship-customer = Le spese di reso sono a suo carico.
ship-vendor = { $vendor } paga le spese di reso.
ship-customer_international = Le spese del reso internazionale sono a suo carico.
ship-not_stated = Le condizioni non dicono chi paga il reso: chieda a { $vendor } prima di spedire l'articolo.
ship-no_return_yet = Non rispedisca ancora nulla: attenda le istruzioni di { $vendor }.
ship-none = Non serve alcun reso.

warn-millso-MS-AMZ-US = L'etichetta di reso Amazon è valida solo fino a { $date }; dopo, chieda a { $vendor } ({ $support }) come spedire.
warn-millso-MS-L-SHIPBACK = L'articolo doveva essere rispedito entro { $date }; secondo { $vendor }, un ulteriore ritardo può annullare il reso.
warn-mitkco-MK-REFUND2 = { $vendor } ha ricevuto l'articolo; il cambio o il rimborso era dovuto entro { $date }: scriva a { $info } se non è arrivato.
warn-mitkco-MK-60INV = I resi vanno fatti entro 60 giorni dalla data della fattura ({ $date }); la data è passata, quindi { $vendor } può rifiutare il reso.

law-intro = Informazione generale, non consulenza legale: la legge può darle diritti, oltre alle condizioni di { $vendor }, verso il venditore che le ha venduto l'articolo.
law-until = fino a { $date }
law-until-unknown = calcolati dal giorno in cui ha ricevuto l'articolo
law-turn = Se il venditore non rimedia, può rivolgersi a { $body }.
law-EU-CRD-9 = Diritto UE: può recedere da un acquisto a distanza entro 14 giorni dal ricevimento, senza motivo ({ $until }).
law-EU-CRD-10 = Diritto UE: se non è stato informato del diritto di recesso, i 14 giorni sono prorogati fino a 12 mesi.
law-EU-CRD-14 = Diritto UE: dopo il recesso rispedisce l'articolo entro 14 giorni; il costo diretto è a suo carico salvo che il venditore abbia accettato di sostenerlo.
law-EU-CRD-13 = Diritto UE: il venditore la rimborsa entro 14 giorni da quando è informato del recesso.
law-EU-SGD-10 = Diritto UE: il venditore deve rimediare gratuitamente, con riparazione o sostituzione, a un difetto che si manifesta entro due anni dalla consegna ({ $until }).
law-EU-SGD-11 = Diritto UE: un difetto che si manifesta entro un anno dalla consegna ({ $until }) si presume esistente alla consegna.
law-EU-SGD-14 = Diritto UE: riparazione o sostituzione sono gratuite per lei, spedizione compresa.
law-EU-SGD-17 = Diritto UE: la garanzia propria di { $vendor } si aggiunge ai suoi diritti per legge e non può ridurli.
law-GB-CCR-29 = Diritto britannico: può annullare un acquisto a distanza entro 14 giorni dal ricevimento ({ $until }).
law-GB-CRA-9-11 = Diritto britannico: i beni devono corrispondere alla descrizione, essere di qualità soddisfacente e adatti all'uso; altrimenti il venditore le deve un rimedio.
law-GB-CRA-22 = Diritto britannico: i beni non conformi possono essere rifiutati con rimborso completo entro 30 giorni dalla consegna ({ $until }).
law-GB-CRA-19 = Diritto britannico: un difetto che si manifesta entro sei mesi dalla consegna ({ $until }) si considera esistente alla consegna.
law-JP-SCTA-15-3 = Diritto giapponese: il diritto di recesso di 8 giorni per le vendite per corrispondenza qui non si applica, perché { $vendor } indica proprie condizioni di reso; valgono queste.
law-JP-CC-562 = Diritto giapponese: il venditore risponde quando il bene non è conforme al contratto (Codice civile).
law-US-MMWA-2308 = Diritto statunitense: la legge del suo Stato può darle più della garanzia scritta di { $vendor } (garanzia implicita di commerciabilità).
law-CN-CRPL-25 = Diritto cinese: i beni acquistati online possono essere resi senza motivo entro 7 giorni dal ricevimento ({ $until }), in buono stato; il reso è a suo carico salvo diverso accordo, e il venditore rimborsa entro 7 giorni dal ricevimento.
turn-eu-domestic = l'autorità nazionale per i consumatori del suo paese
turn-eu-abroad = il Centro europeo consumatori del suo paese (rete ECC)
turn-gb-domestic = la linea consumatori di Citizens Advice
turn-gb-abroad = la linea consumatori di Citizens Advice
turn-jp-domestic = il centro locale per i consumatori (linea 188)
turn-jp-abroad = il centro locale per i consumatori (linea 188)
turn-us-domestic = l'ufficio tutela consumatori del procuratore generale del suo Stato
turn-us-abroad = l'ufficio tutela consumatori del procuratore generale del suo Stato
turn-cn-domestic = la linea consumatori 12315
turn-cn-abroad = la linea consumatori 12315

why-late = Il termine di { $vendor } per questo è scaduto { $date }: { $what }.
why-review = Le condizioni di { $vendor } lasciano la decisione a { $vendor }; abbiamo trasmesso i suoi dati e le comunicheremo la risposta.
why-issue-change_of_mind = Le condizioni di { $vendor } per un ripensamento non sono soddisfatte: l'articolo va segnalato in tempo, restituito integro ed entro i termini.
why-issue-defective = Le condizioni di { $vendor } non coprono questo difetto in questo momento.
why-issue-damaged_in_transit = Le condizioni di { $vendor } accettano i danni da trasporto solo se segnalati in tempo.
why-issue-wrong_item = Le condizioni di { $vendor } accettano un articolo sbagliato solo se segnalato in tempo.
why-issue-lost_or_stolen = Le condizioni di { $vendor } non coprono un articolo perso o rubato.
why-issue-not_delivered = Per un pacco mai arrivato non decidono le condizioni di { $vendor }, ma i dati del corriere.
why-issue-misuse_damage = Le condizioni di { $vendor } non coprono danni da uso improprio o incidente.
why-issue-refund_not_received = Le condizioni di { $vendor } non prevedono altro rimedio per questo.
why-issue-other = Le condizioni di { $vendor } non coprono questo reclamo.
still-law = I suoi diritti per legge, sopra, possono ancora aiutarla.
still-ask = Può ancora scrivere a { $vendor } ({ $contact }) e chiedere un nuovo esame della pratica.

original-intro = Il testo di { $vendor } alla base di questa decisione, in inglese:

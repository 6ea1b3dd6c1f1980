"""The words the synthetic data is made of: Essen's districts and streets, prose pools per field
of action, sentence templates with slots, and the parts of partner and contact names.

Plain data, no logic: `benchmarks.generate` draws from these pools with a seeded random source.
"""

from __future__ import annotations

from dataclasses import dataclass

DISTRICTS = (
    "Stadtkern", "Ostviertel", "Nordviertel", "Westviertel", "Südviertel", "Südostviertel",
    "Altendorf", "Frohnhausen", "Holsterhausen", "Rüttenscheid", "Rellinghausen",
    "Bergerhausen", "Stadtwald", "Fulerum", "Huttrop", "Frillendorf", "Schonnebeck",
    "Stoppenberg", "Katernberg", "Altenessen-Nord", "Altenessen-Süd", "Karnap", "Vogelheim",
    "Bergeborbeck", "Bochold", "Borbeck-Mitte", "Bedingrade", "Frintrop", "Dellwig",
    "Gerschede", "Schönebeck", "Haarzopf", "Margarethenhöhe", "Bredeney", "Schuir", "Werden",
    "Heidhausen", "Fischlaken", "Kettwig", "Heisingen", "Kupferdreh", "Byfang",
    "Überruhr-Hinsel", "Überruhr-Holthausen", "Burgaltendorf", "Horst", "Steele",
    "Freisenbruch", "Leithe", "Kray",
)  # fmt: skip
CITYWIDE = "Gesamtstadt"

STREETS = (
    "Rüttenscheider Straße", "Kettwiger Straße", "Altenessener Straße", "Gladbecker Straße",
    "Frohnhauser Straße", "Steeler Straße", "Hachestraße", "Viehofer Straße",
    "Alfredstraße", "Ruhrallee", "Bochumer Landstraße", "Hülsmannstraße", "Krayer Straße",
    "Borbecker Straße", "Heisinger Straße", "Werdener Markt", "Brückstraße", "Hauptstraße",
    "Grendplatz", "Kopstadtplatz", "Burgplatz", "Berliner Platz", "Segerothstraße",
    "Schonnebecker Straße", "Katernberger Straße", "Frintroper Straße", "Bredeneyer Straße",
)  # fmt: skip

FACILITIES = (
    "der Grundschule", "der Gesamtschule", "der Stadtteilbibliothek", "dem Bürgeramt",
    "dem Quartierstreff", "dem Seniorenzentrum", "dem Sportpark", "dem Hallenbad",
    "dem Jugendzentrum", "der Kita", "dem Marktplatz", "dem Bahnhofsvorplatz",
    "dem Berufskolleg", "dem Familienzentrum", "dem Stadtteilzentrum", "der Volkshochschule",
)  # fmt: skip

COMPOUND_HEADS = (
    "Quartiers", "Stadtteil", "Energie", "Mobilitäts", "Sensor", "Daten", "Bürger", "Klima",
    "Verkehrs", "Wärme", "Service", "Schul", "Pflege", "Umwelt", "Netz", "Wasser", "Licht",
    "Park", "Rad", "Gesundheits", "Nachbarschafts", "Grünflächen", "Lade", "Beteiligungs",
)  # fmt: skip
COMPOUND_TAILS = (
    "plattform", "konzept", "netzwerk", "labor", "monitor", "karte", "station", "beratung",
    "werkstatt", "kataster", "portal", "sprechstunde", "bericht", "leitstelle", "atlas",
    "baukasten", "register", "übersicht", "prüfung", "lotsen", "runde", "akademie",
)  # fmt: skip


@dataclass(frozen=True)
class FieldText:
    """Everything the prose of one field of action is made of."""

    id: str
    name: str
    summary: str
    icon: str
    topics: tuple[tuple[str, str], ...]  # (title stem, phrase used in sentences)
    problems: tuple[str, ...]
    goals: tuple[str, ...]
    techniques: tuple[str, ...]
    bullets: tuple[str, ...]
    tags: tuple[str, ...]


FIELDS = (
    FieldText(
        "smart-living",
        "Smart Living: Wohnen, Quartiere, Umwelt",
        "Digitale Lösungen für lebenswerte Stadtteile, gutes Wohnen und eine gesunde Umwelt.",
        "material/home-city",
        (
            ("Luftqualitätsmessung", "ein dichtes Netz kleiner Luftmessstationen"),
            ("Sensoren für Stadtbäume", "Bodenfeuchtesensoren an jungen Stadtbäumen"),
            ("Starkregenvorsorge", "eine Frühwarnung vor Starkregen und Überflutung"),
            ("Hitzeschutz im Quartier", "eine Karte kühler Orte und Hitzewarnungen"),
            ("Nachbarschafts-App", "eine App für Nachbarschaftshilfe und Mitteilungen"),
            ("Füllstandssensoren für Abfallbehälter", "Füllstandssensoren in Abfallbehältern"),
            ("Lärmkarte", "eine laufend aktualisierte Lärmkarte"),
            ("Digitale Grünflächenpflege", "eine digitale Planung der Grünflächenpflege"),
            ("Quartiersplattform", "eine gemeinsame Plattform für das Quartier"),
            ("Klimaanpassung", "Messdaten zur Anpassung an den Klimawandel"),
        ),
        (
            "überhitzten Straßen in heißen Sommern",
            "trockenen Böden und geschwächten Bäumen",
            "vollen Abfallbehältern an beliebten Plätzen",
            "fehlenden Informationen über die Luft vor der Haustür",
            "Nachbarschaften, in denen sich viele kaum kennen",
        ),
        (
            "die Lebensqualität im Quartier messbar zu verbessern",
            "Grünflächen gezielter zu pflegen und Wasser zu sparen",
            "Bewohnerinnen und Bewohner früher zu warnen",
            "Entscheidungen der Stadtplanung auf verlässliche Daten zu stützen",
            "Nachbarschaften zu stärken und Hilfe leichter zu organisieren",
        ),
        (
            "Funksensoren senden ihre Messwerte stromsparend über das LoRaWAN-Netz",
            "eine offene Schnittstelle stellt die Werte im Minutentakt bereit",
            "kleine Messstationen an Laternenmasten erfassen Temperatur und Feinstaub",
            "die App verbindet Mieterinnen, Vermieter und Hausmeisterdienste",
            "eine Karte im Netz zeigt die Messwerte verständlich aufbereitet",
        ),
        (
            "Messstationen an stark belasteten Kreuzungen",
            "eine Karte mit kühlen Orten für heiße Tage",
            "Gießhinweise für Patenschaften von Stadtbäumen",
            "Sprechstunden im Quartierstreff",
            "offene Daten für Schulen und Vereine",
            "Warnungen per App und SMS",
            "ein Leitfaden für Hausgemeinschaften",
            "regelmäßige Berichte an die Bezirksvertretung",
        ),
        ("Quartier", "Umwelt", "Klima", "Wohnen", "Luft", "Stadtgrün", "Nachbarschaft", "Wasser"),
    ),
    FieldText(
        "smart-mobility",
        "Smart Mobility",
        "Vernetzte Angebote für Bus, Bahn, Rad und Auto, damit Wege einfacher und klimafreundlicher werden.",
        "material/bus",
        (
            ("Smart Parking", "Sensoren, die freie Parkplätze melden"),
            ("Mobilitätsstation", "eine Mobilitätsstation mit Leihrädern und Carsharing"),
            ("Echtzeit-Fahrgastinformation", "Anzeigen mit Abfahrtszeiten in Echtzeit"),
            ("Rufbus auf Abruf", "einen Rufbus, der per App bestellt wird"),
            ("Radverkehrszählung", "automatische Zählstellen für den Radverkehr"),
            ("Vorrangschaltung für Busse", "eine Ampelschaltung mit Vorrang für Busse"),
            ("Digitale Lieferzonen", "digital buchbare Lieferzonen"),
            ("Verkehrsflussanalyse", "anonyme Zählungen des Verkehrsflusses"),
            ("Sichere Schulwege", "Daten über sichere Schulwege"),
        ),
        (
            "der langen Suche nach einem freien Parkplatz",
            "unklaren Wartezeiten an der Haltestelle",
            "schlecht verbundenen Wegen zwischen Bus, Bahn und Rad",
            "Lieferfahrzeugen in zweiter Reihe",
            "Staus zu Beginn und Ende des Schultags",
        ),
        (
            "Suchverkehr und Wartezeiten zu verringern",
            "den Umstieg auf Bus, Bahn und Rad zu erleichtern",
            "Wege im Stadtteil sicherer zu machen",
            "den Verkehr gleichmäßiger über den Tag zu verteilen",
            "klimafreundliche Mobilität für alle erreichbar zu machen",
        ),
        (
            "Bodensensoren erkennen, ob ein Stellplatz frei oder belegt ist",
            "die Fahrzeuge melden ihre Position alle paar Sekunden an die Leitstelle",
            "eine App bündelt Fahrplan, Leihrad und Carsharing an einer Stelle",
            "Wärmebildsensoren zählen Radfahrende, ohne Personen zu erkennen",
            "die Ampeln tauschen Daten mit den Bussen der Linie aus",
        ),
        (
            "Anzeigen an den wichtigsten Haltestellen",
            "Leihräder und Lastenräder an der Station",
            "Ladepunkte für Carsharing-Fahrzeuge",
            "eine Karte freier Parkplätze im Netz",
            "Zählstellen an den Hauptrouten",
            "barrierefreie Abfahrtsansagen",
            "Buchung per App oder Telefon",
            "offene Verkehrsdaten für Entwickler",
        ),
        ("Mobilität", "ÖPNV", "Radverkehr", "Parken", "Echtzeitdaten", "Verkehr", "Sharing"),
    ),
    FieldText(
        "smart-health",
        "Smart Health",
        "Digitale Unterstützung für Gesundheit, Pflege und Vorsorge, besonders dort, wo der Weg weit ist.",
        "material/heart-pulse",
        (
            ("Telemedizin in der Pflege", "Videosprechstunden für die ambulante Pflege"),
            ("Gesundheitskiosk", "einen Gesundheitskiosk mit digitaler Beratung"),
            ("Sturzerkennung", "eine Sturzerkennung für selbstständiges Wohnen"),
            ("Pflegeplattform", "eine Plattform, die freie Pflegeplätze zeigt"),
            ("Hitzewarnung für Ältere", "Hitzewarnungen für ältere Menschen"),
            ("Digitale Vorsorge", "Erinnerungen an Vorsorgetermine"),
            ("Bewegungsparcours mit App", "einen Bewegungsparcours mit begleitender App"),
        ),
        (
            "weiten Wegen zur nächsten Arztpraxis",
            "der Suche nach einem freien Pflegeplatz",
            "Stürzen, die lange unbemerkt bleiben",
            "heißen Tagen, die für ältere Menschen gefährlich werden",
            "Sprachbarrieren in der Gesundheitsberatung",
        ),
        (
            "die Versorgung im Stadtteil zu verbessern",
            "Pflegekräfte im Alltag zu entlasten",
            "älteren Menschen ein selbstständiges Leben zu ermöglichen",
            "Beratung in mehreren Sprachen anzubieten",
            "Vorsorge einfacher und verlässlicher zu machen",
        ),
        (
            "Sensoren im Fußboden erkennen Stürze, ohne Kameras zu verwenden",
            "die Videosprechstunde läuft über eine zertifizierte Verbindung",
            "eine Übersicht zeigt tagesaktuell freie Plätze in der Kurzzeitpflege",
            "Warnungen des Wetterdienstes werden automatisch weitergegeben",
            "Tablets in der Beratungsstelle verbinden mit Fachleuten",
        ),
        (
            "Beratung in mehreren Sprachen",
            "Videosprechstunden mit Hausarztpraxen",
            "Schulungen für pflegende Angehörige",
            "ein Notrufknopf mit Rückruf",
            "Trinkbrunnen und kühle Räume an heißen Tagen",
            "eine Telefonnummer für Fragen zur Technik",
            "klare Regeln zum Schutz der Gesundheitsdaten",
        ),
        ("Gesundheit", "Pflege", "Telemedizin", "Vorsorge", "Senioren", "Beratung"),
    ),
    FieldText(
        "smart-energy",
        "Smart Energy",
        "Energie sparen, erneuerbar erzeugen und klug verteilen – mit Messdaten und vernetzten Anlagen.",
        "material/lightning-bolt",
        (
            ("Energiemonitoring", "ein Energiemonitoring für städtische Gebäude"),
            ("Mieterstrom", "Solarstrom vom eigenen Dach für Mieterinnen und Mieter"),
            ("Smart-Meter-Rollout", "intelligente Stromzähler"),
            ("Wärmepumpen-Pilot", "vernetzte Wärmepumpen"),
            ("Lastmanagement", "ein Lastmanagement für Ladepunkte"),
            ("Solarkataster", "ein Solarkataster für alle Dächer"),
            ("Ladepunkte", "öffentliche Ladepunkte für Elektroautos"),
            ("Abwärmenutzung", "die Nutzung von Abwärme aus Rechenzentren"),
            ("LED-Straßenbeleuchtung", "dimmbare LED-Straßenleuchten"),
        ),
        (
            "Heizungen, die auch in leeren Räumen laufen",
            "ungenutzten Dachflächen",
            "Lastspitzen im Stromnetz am frühen Abend",
            "zu wenigen Ladepunkten in Wohnstraßen",
            "hohen Energiekosten in öffentlichen Gebäuden",
        ),
        (
            "den Energieverbrauch deutlich zu senken",
            "mehr Strom aus Sonne und Wind vor Ort zu nutzen",
            "das Stromnetz gleichmäßiger auszulasten",
            "Laden in der Nachbarschaft einfach zu machen",
            "Kosten und Emissionen transparent zu machen",
        ),
        (
            "Zähler übertragen den Verbrauch im Viertelstundentakt",
            "eine Steuerung verteilt die verfügbare Leistung auf alle Ladepunkte",
            "Thermostate lernen, wann Räume tatsächlich genutzt werden",
            "das Kataster berechnet für jedes Dach den möglichen Ertrag",
            "die Leuchten dimmen nachts und melden Störungen selbst",
        ),
        (
            "Verbrauchsanzeigen für Hausmeisterinnen und Hausmeister",
            "Ladepunkte in Wohnquartieren",
            "Solaranlagen auf Schuldächern",
            "eine Übersicht des Verbrauchs je Gebäude",
            "Beratung zu Förderprogrammen",
            "eine Steuerung für Lastspitzen",
            "jährliche Energieberichte",
        ),
        ("Energie", "Solar", "Strom", "Wärme", "Laden", "Effizienz", "Klimaschutz"),
    ),
    FieldText(
        "smart-government",
        "Digitale Verwaltung",
        "Behördengänge online erledigen, Daten offen teilen und die Verwaltung bürgernäher machen.",
        "material/town-hall",
        (
            ("Online-Terminvergabe", "eine Online-Terminvergabe"),
            ("Digitaler Bauantrag", "den digitalen Bauantrag"),
            ("Bürgerbeteiligung online", "eine Plattform für Beteiligung"),
            ("Open-Data-Portal", "ein Portal für offene Daten"),
            ("Digitaler Assistent", "einen digitalen Assistenten für Fragen"),
            ("Elektronische Akte", "die elektronische Akte"),
            ("Digitales Fundbüro", "ein digitales Fundbüro"),
            ("Mängelmelder", "einen Mängelmelder für Straßen und Plätze"),
            ("Service-Portal", "ein Service-Portal für Anträge"),
        ),
        (
            "langen Wartezeiten im Bürgeramt",
            "Anträgen, die mehrfach auf Papier ausgefüllt werden",
            "Daten, die in einzelnen Ämtern verstreut liegen",
            "Schäden an Straßen, die spät gemeldet werden",
            "Beteiligungsverfahren, die viele Menschen nicht erreichen",
        ),
        (
            "Anliegen rund um die Uhr online erledigen zu können",
            "Bearbeitungszeiten spürbar zu verkürzen",
            "Daten der Stadt für alle nutzbar zu machen",
            "mehr Menschen an Entscheidungen zu beteiligen",
            "die Verwaltung verständlicher und erreichbarer zu machen",
        ),
        (
            "Anträge werden online ausgefüllt und direkt an das zuständige Amt übermittelt",
            "ein Kalender zeigt freie Termine in allen Bürgerämtern",
            "die Daten stehen unter einer offenen Lizenz zum Herunterladen bereit",
            "Meldungen mit Foto und Ort gehen ohne Umweg an die richtige Stelle",
            "der Assistent beantwortet häufige Fragen in einfacher Sprache",
        ),
        (
            "Terminbuchung für alle Bürgerämter",
            "Anträge mit Online-Ausweis",
            "offene Daten als CSV und GeoJSON",
            "Rückmeldung zum Stand jeder Meldung",
            "Schulungen für Beschäftigte der Verwaltung",
            "Beteiligung online und vor Ort",
            "Informationen in einfacher Sprache",
        ),
        ("Verwaltung", "Open Data", "Onlinedienste", "Beteiligung", "Service", "E-Government"),
    ),
    FieldText(
        "smart-education",
        "Bildung und Wirtschaft",
        "Digitale Bildung, Gründungen und Fachkräfte – damit Essen ein Ort zum Lernen und Arbeiten bleibt.",
        "material/school",
        (
            ("Digitale Schulausstattung", "eine zeitgemäße digitale Ausstattung von Schulen"),
            ("Makerspace", "eine offene Werkstatt mit 3D-Druckern"),
            ("Coworking im Quartier", "Coworking-Plätze im Quartier"),
            ("Gründungsprogramm", "ein Programm für Gründerinnen und Gründer"),
            ("Medienkompetenz-Kurse", "Kurse zur Medienkompetenz"),
            ("Digitale Stadtbibliothek", "digitale Angebote der Stadtbibliothek"),
            ("Lernplattform", "eine gemeinsame Lernplattform"),
            ("Fachkräfte-Netzwerk", "ein Netzwerk für digitale Fachkräfte"),
        ),
        (
            "Schulen mit zu wenig Geräten und langsamen Leitungen",
            "Gründungen, die keinen bezahlbaren Arbeitsplatz finden",
            "fehlenden Fachkräften in Handwerk und IT",
            "Menschen, die mit digitalen Diensten noch unsicher sind",
            "leeren Ladenlokalen in den Stadtteilzentren",
        ),
        (
            "allen Kindern gute digitale Bildung zu ermöglichen",
            "Gründungen in Essen zu halten",
            "Fachkräfte für die Region zu gewinnen",
            "digitale Teilhabe für alle Generationen zu sichern",
            "Stadtteilzentren mit neuem Leben zu füllen",
        ),
        (
            "jede Klasse erhält schnelles WLAN und Geräte zum Ausleihen",
            "die Werkstatt steht an drei Abenden pro Woche allen offen",
            "Mentorinnen und Mentoren begleiten die Teams über zwölf Monate",
            "die Plattform bündelt Kurse von Schulen, Hochschulen und Vereinen",
            "Arbeitsplätze lassen sich stundenweise online buchen",
        ),
        (
            "Leihgeräte für Schülerinnen und Schüler",
            "Kurse für Seniorinnen und Senioren",
            "Arbeitsplätze zum stundenweisen Buchen",
            "Beratung für Gründungsteams",
            "Workshops in den Ferien",
            "Praktika bei Essener Unternehmen",
            "ein jährlicher Demo-Tag",
        ),
        ("Bildung", "Schule", "Gründung", "Wirtschaft", "Fachkräfte", "Weiterbildung"),
    ),
)

INTRO = (
    "In {district} erprobt {lead} gemeinsam mit Partnern {phrase}.",
    "Mit dem Vorhaben »{title}« bringt {lead} {phrase} nach {district}.",
    "Seit {year} arbeitet {lead} in {district} daran, {phrase} aufzubauen.",
    "{district} bekommt {phrase}: Das Vorhaben wird von {lead} koordiniert.",
    "Rund um {facility} in {district} erprobt das Projektteam {phrase}.",
)
PROBLEM = (
    "Viele Menschen im Stadtteil ärgern sich heute über {problem}.",
    "Ausgangspunkt sind Erfahrungen mit {problem}.",
    "Gerade in {district} zeigt sich, wie viel Zeit und Geld bei {problem} verloren geht.",
    "Befragungen im Stadtteil haben gezeigt, dass {problem} im Alltag ein großes Thema ist.",
)
GOAL = (
    "Ziel ist es, {goal}.",
    "Das Projekt soll helfen, {goal}.",
    "Die Beteiligten wollen vor allem zeigen, dass es möglich ist, {goal}.",
    "Im Mittelpunkt steht die Frage, wie es gelingt, {goal}.",
)
HOW = (
    "Technisch funktioniert das so: {technique}.",
    "Dafür gilt: {technique}.",
    "Im Kern gilt: {technique}.",
    "Die Lösung ist bewusst einfach gehalten: {technique}.",
)
SCALE = (
    "In der ersten Phase sind {count} Standorte rund um die {street} beteiligt.",
    "Zunächst werden {count} Einheiten installiert, weitere folgen nach der Auswertung.",
    "Bis zum Ende des Jahres {year2} sollen {count} Haushalte erreicht werden.",
    "Insgesamt stehen für die Umsetzung rund {money} Euro bereit, zum Teil aus Fördermitteln.",
    "Schon jetzt nutzen mehr als {count} Menschen das Angebot regelmäßig.",
)
LIST_INTRO = (
    "Geplant sind unter anderem:",
    "Zum Angebot gehören:",
    "Dazu gehören konkret:",
    "Die wichtigsten Bausteine sind:",
)
PARTNERS = (
    "Beteiligt sind außerdem {partners}, die ihr Wissen aus früheren Projekten einbringen.",
    "Gemeinsam mit {partners} wird das Angebot Schritt für Schritt weiterentwickelt.",
    "Zum Projektteam gehören {partners}.",
)
PARTICIPATION = (
    "Bürgerinnen und Bürger können ihre Ideen in Sprechstunden bei {facility} einbringen.",
    "Einmal im Quartal lädt das Projektteam zu einem offenen Abend bei {facility} ein.",
    "Vereine und Initiativen aus {district} sind von Anfang an in die Planung eingebunden.",
    "Wichtige Impulse kamen aus einer Werkstatt mit Anwohnerinnen und Anwohnern an der {street}.",
)
COMPOUND = (
    "Ergänzend entsteht das Angebot »{compound}«, das auch anderen Stadtteilen offensteht.",
    "Ein weiterer Baustein heißt {compound} und ist auf {district} zugeschnitten.",
    "Die Erfahrungen fließen in das städtische Vorhaben {compound} ein.",
)
DETAIL = (
    "Die Technik wurde so gewählt, dass sie sich später ohne großen Aufwand auf andere Stadtteile übertragen lässt.",
    "Alle Komponenten beruhen auf offenen Standards, damit die Stadt nicht von einem einzelnen Anbieter abhängig ist.",
    "Wartung und Betrieb übernimmt in den ersten Jahren {lead}.",
    "Störungen werden automatisch gemeldet und in der Regel innerhalb eines Tages behoben.",
    "Die Daten laufen in der städtischen Datenplattform zusammen und lassen sich dort mit anderen Quellen verknüpfen.",
    "Für den Betrieb werden Beschäftigte aus {district} geschult, damit Wissen vor Ort bleibt.",
)
PRIVACY = (
    "Der Datenschutz hat Vorrang: Es werden **keine personenbezogenen Daten** gespeichert.",
    "Alle Daten werden anonym erfasst und nach {days} Tagen gelöscht.",
    "Die Messwerte stehen als offene Daten zur Verfügung, sobald sie geprüft sind.",
    "Ein Datenschutzkonzept wurde mit der Datenschutzbeauftragten der Stadt abgestimmt.",
)
TIMELINE = (
    "Eine erste Auswertung ist für {year2} geplant.",
    "Nach der Pilotphase entscheidet der Rat, ob das Angebot auf weitere Stadtteile ausgeweitet wird.",
    "Die Ergebnisse werden {year2} in einem öffentlichen Bericht vorgestellt.",
    "Wenn sich das Konzept bewährt, soll es bis {year2} in der ganzen Stadt zur Verfügung stehen.",
)
BACKGROUND = (
    "Die Idee entstand {year} in einem Workshop der Smart-City-Initiative mit Fachleuten aus {district}.",
    "Vorbild sind Projekte aus anderen Städten im Ruhrgebiet, die ihre Erfahrungen offen geteilt haben.",
    "Der Rat der Stadt hat das Vorhaben im Rahmen der Smart-City-Strategie beschlossen.",
    "Grundlage ist eine Bestandsaufnahme, die {count} Rückmeldungen aus der Bürgerschaft ausgewertet hat.",
    "Die Finanzierung stammt zu einem großen Teil aus einem Förderprogramm des Landes Nordrhein-Westfalen.",
    "Ähnliche Ansätze wurden bereits rund um die {street} getestet und haben sich bewährt.",
)
EVALUATION = (
    "Eine Hochschule begleitet das Projekt wissenschaftlich und misst, was es tatsächlich bewirkt.",
    "Alle sechs Monate prüft eine Lenkungsgruppe, ob die Ziele erreicht werden.",
    "Gemessen wird unter anderem, wie viele Menschen das Angebot nutzen und wie zufrieden sie sind.",
    "Die wichtigsten Kennzahlen werden regelmäßig im Netz veröffentlicht.",
)
CLOSING = (
    "Fragen beantwortet das Projektteam gern per E-Mail oder Telefon.",
    "Wer mitmachen möchte, findet alle Termine auf den Seiten der Partner.",
    "Aktuelle Informationen gibt es regelmäßig im Newsletter von CONNECTED.ESSEN.",
    "So wird aus einem kleinen Pilotprojekt ein Baustein für die Smart City Essen.",
)
TITLE_FORMS = (
    "{topic} in {district}",
    "{topic} {district}",
    "{topic} für {district}",
    "{topic} im Quartier {district}",
    "{topic}: Pilot in {district}",
    "{topic} an Schulen in {district}",
    "{topic} – {district} vernetzt",
)
SUMMARY_FORMS = (
    "{Phrase} für {district}: {goal_sentence}",
    "In {district} geht es um {phrase}. {goal_sentence}",
    "{lead} und Partner testen {phrase} in {district}. {goal_sentence}",
)

SURNAMES = (
    "Adelskamp", "Becker", "Brinkmann", "Demir", "Fischer", "Gerlach", "Hoffmann", "Kaya",
    "Kowalski", "Lehmann", "Meier", "Nowak", "Özdemir", "Peters", "Reuter", "Schäfer",
    "Schulte", "Tenbrink", "Vogel", "Wagner", "Yilmaz", "Zimmermann", "Krämer", "Albers",
)  # fmt: skip
ROLES = (
    "Projektleitung", "Koordination", "Technische Leitung", "Fachberatung", "Öffentlichkeitsarbeit",
    "Datenschutz", "Quartiersmanagement", "Innovationsmanagement",
)  # fmt: skip

ADMINISTRATION_UNITS = (
    "Amt für Stadtplanung und Bauordnung", "Umweltamt", "Amt für Straßen und Verkehr",
    "Schulverwaltungsamt", "Gesundheitsamt", "Amt für Digitalisierung", "Jugendamt",
    "Amt für Soziales und Wohnen", "Feuerwehr", "Grün und Gruga", "Immobilienwirtschaft",
    "Amt für Geoinformation", "Kulturbüro", "Ordnungsamt", "Amt für Statistik und Wahlen",
)  # fmt: skip
MUNICIPAL_COMPANIES = (
    "Stadtwerke Essen AG", "Ruhrbahn GmbH", "Allbau GmbH", "Entsorgungsbetriebe Essen",
    "Essener Wirtschaftsförderungsgesellschaft", "Messe Essen GmbH", "Sport- und Bäderbetriebe",
    "Theater und Philharmonie Essen", "Grugapark Betriebsgesellschaft", "Essener Systemhaus",
)  # fmt: skip
NAME_STEMS = (
    "Ruhr", "Emscher", "Baldeney", "Gruga", "Zeche", "Kettwig", "Werden", "Borbeck", "Steele",
    "Kray", "Hellweg", "Zollverein", "Kokerei", "Förderturm", "Limbeck", "Segeroth", "Kupfer",
    "Lichtburg", "Villa", "Deilbach",
)  # fmt: skip
BUSINESS_WORDS = (
    "Sensorik", "Datenwerk", "Netze", "Systeme", "Mobility", "Energie", "Software", "Consulting",
    "Bau", "Logistik", "Technik", "Solar",
)  # fmt: skip
LEGAL_FORMS = ("GmbH", "AG", "GmbH & Co. KG")
STARTUP_WORDS = ("Labs", "io", "Analytics", "Tech", "Works", "Hub", "Signal", "Loop")
RESEARCH_UNITS = (
    "Institut für", "Lehrstuhl für", "Zentrum für", "Forschungsgruppe", "Fachgebiet",
)  # fmt: skip
RESEARCH_SUBJECTS = (
    "vernetzte Stadtsysteme", "Verkehrsplanung", "Energiesysteme", "Stadtklima",
    "Versorgungsforschung", "Informatik und Gesellschaft", "Wasserwirtschaft", "Logistik",
    "Mediendidaktik", "Datenwissenschaft", "Bauphysik", "Sozialraumforschung",
)  # fmt: skip
CIVIL_FORMS = (
    "Bürgerforum {district}", "Nachbarschaftsverein {district} e. V.", "Initiative Grünes {district}",
    "Förderverein Digitales {district} e. V.", "Werkstatt {district} e. V.",
)  # fmt: skip

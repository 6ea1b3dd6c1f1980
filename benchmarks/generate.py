"""Synthetic, valid data sets of N initiatives, and the same content as a stock MkDocs project.

    python -m benchmarks.generate N OUT_DIR [--seed S] [--calibration]

Without `--calibration`, OUT_DIR becomes a copy of this project (mkdocs.yml, docs/, overrides/)
with a synthetic `data/` folder. With `--calibration`, OUT_DIR becomes a stock MkDocs + Material
project (no essen plugin, no macros) whose hand-made Markdown pages carry the same text as the
generated pages: the floor the generator is measured against.

The text is German smart-city prose composed from sentence pools with random slots, so pages
differ from each other; the vocabulary is still far smaller than real text (a few thousand
words), which flatters search indexes a little. Everything is a function of N and the seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from plugins.essen.loading import id_from_filename
from plugins.essen.model import sort_key
from plugins.essen.rules import PARTNER_TYPE_LABELS, STATUS_LABELS, SUMMARY_MAX_LENGTH

REPO = Path(__file__).resolve().parents[1]
# What a project needs besides data/; the optional items are copied when the repo has them.
PROJECT_ITEMS = ("mkdocs.yml", "docs", "overrides")
OPTIONAL_PROJECT_ITEMS = ("pagefind.yml", "pagefind.toml", "pagefind.json", "hooks")
# Dates are relative to a fixed day, not to today, so a seed always gives the same files.
BASE_DAY = dt.date(2025, 10, 31)
DEFAULT_SEED = 1

# --------------------------------------------------------------------------- vocabulary

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

# --------------------------------------------------------------------------- generation


COUNTS = (12, 20, 25, 40, 60, 75, 120, 150, 300, 500)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _german_join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def _month(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


class _Generator:
    def __init__(self, n: int, seed: int) -> None:
        if n < 1:
            raise ValueError("N must be at least 1")
        self.n = n
        self.rng = random.Random(seed)

    # ----------------------------------------------------------------- partners and contacts

    def partners(self) -> dict[str, dict]:
        rng = self.rng
        count = max(12, round(self.n / 25))
        partners: dict[str, dict] = {
            "stadt-essen": {
                "name": "Stadt Essen",
                "type": "administration",
                "website": "https://www.essen.de/",
                "description": "Die Stadtverwaltung Essen koordiniert CONNECTED.ESSEN gemeinsam mit der EVV.",
                "logo": "assets/logos/stadt-essen.svg",
            },
            "evv": {
                "name": "Essener Versorgungs- und Verkehrsgesellschaft mbH",
                "short_name": "EVV",
                "type": "municipal-company",
                "description": "Die **Holding** des Konzerns Stadt Essen.",
            },
        }
        types = list(PARTNER_TYPE_LABELS)
        weights = {
            "administration": 1,
            "municipal-company": 1,
            "business": 4,
            "startup": 3,
            "research": 2,
            "civil-society": 3,
        }
        names = {p["name"] for p in partners.values()}
        index = 0
        while len(partners) < count:
            # The first rounds cycle through every type so small sets still hold all of them.
            kind = (
                types[index % len(types)]
                if index < 2 * len(types)
                else rng.choices(types, [weights[t] for t in types])[0]
            )
            index += 1
            name = self._partner_name(kind)
            if name in names:
                name = f"{name} ({rng.choice(DISTRICTS)})"
            if name in names:
                continue
            names.add(name)
            partner_id = id_from_filename(name)
            if not partner_id or partner_id in partners:
                continue
            record: dict = {"name": name, "type": kind}
            if rng.random() < 0.3:
                initials = "".join(word[0] for word in re.findall(r"[A-Za-zÄÖÜ]\w+", name))
                if len(initials) >= 2:
                    record["short_name"] = initials.upper()[:6]
            if rng.random() < 0.7:
                record["website"] = f"https://{partner_id}.example.org/"
            if rng.random() < 0.8:
                field = rng.choice(FIELDS)
                record["description"] = (
                    f"Fiktiver Partner aus dem Bereich {PARTNER_TYPE_LABELS[kind]}. "
                    f"Schwerpunkt: **{field.name}**, besonders {rng.choice(field.topics)[1]}."
                )
            partners[partner_id] = record
        return partners

    def _partner_name(self, kind: str) -> str:
        rng = self.rng
        if kind == "administration":
            return f"Stadt Essen – {rng.choice(ADMINISTRATION_UNITS)}"
        if kind == "municipal-company":
            return rng.choice(MUNICIPAL_COMPANIES)
        if kind == "business":
            return (
                f"{rng.choice(NAME_STEMS)} {rng.choice(BUSINESS_WORDS)} {rng.choice(LEGAL_FORMS)}"
            )
        if kind == "startup":
            return f"{rng.choice(NAME_STEMS)}{rng.choice(STARTUP_WORDS).lower()} {rng.choice(STARTUP_WORDS)}"
        if kind == "research":
            return f"{rng.choice(RESEARCH_UNITS)} {rng.choice(RESEARCH_SUBJECTS)} (fiktiv)"
        return rng.choice(CIVIL_FORMS).format(district=rng.choice(DISTRICTS))

    def contacts(self, partners: dict[str, dict]) -> list[dict]:
        rng = self.rng
        count = max(6, round(self.n / 50))
        contacts = [
            {
                "id": "leitung-stadt",
                "name": "Frau Tenbrink",
                "role": "Stadtdirektorin",
                "organization": "stadt-essen",
                "leadership": True,
            },
            {
                "id": "leitung-evv",
                "name": "Herr Albers",
                "role": "Geschäftsführer der EVV",
                "organization": "evv",
                "leadership": True,
            },
        ]
        partner_ids = list(partners)
        used = {c["id"] for c in contacts}
        number = 0
        while len(contacts) < count:
            number += 1
            organization = rng.choice(partner_ids)
            if rng.random() < 0.5:
                surname = rng.choice(SURNAMES)
                name = f"{rng.choice(('Frau', 'Herr'))} {surname}"
                contact_id = f"{id_from_filename(surname)}-{number}"
            else:
                field = rng.choice(FIELDS)
                topic = rng.choice(field.topics)[0]
                name = f"Projektteam {topic}"
                contact_id = f"projektteam-{id_from_filename(topic)}-{number}"
            if contact_id in used:
                continue
            used.add(contact_id)
            record: dict = {
                "id": contact_id,
                "name": name,
                "role": rng.choice(ROLES),
                "organization": organization,
            }
            # The first one has every key; the others are as incomplete as real lists are.
            if number == 1 or rng.random() < 0.7:
                record["phone"] = f"+49 201 555 {1000 + number:04d}"
            if number == 1 or rng.random() < 0.5:
                record["email"] = f"{contact_id}@example.org"
            contacts.append(record)
        return contacts

    # ----------------------------------------------------------------- initiatives

    def initiatives(self, partners: dict[str, dict], contacts: list[dict]) -> dict[str, dict]:
        rng = self.rng
        partner_ids = list(partners)
        lead_weights = [
            4 if partners[p]["type"] in ("administration", "municipal-company") else 1
            for p in partner_ids
        ]
        people = [c["id"] for c in contacts if not c.get("leadership")]
        leaders = [c["id"] for c in contacts if c.get("leadership")]
        featured = set(rng.sample(range(self.n), min(6, self.n)))
        titles: set[str] = set()
        ids: set[str] = set()
        initiatives: dict[str, dict] = {}
        for number in range(self.n):
            field = rng.choice(FIELDS)
            topic, phrase = rng.choice(field.topics)
            district = rng.choice(DISTRICTS)
            title = rng.choice(TITLE_FORMS).format(topic=topic, district=district)
            attempt = 1
            while title in titles or (initiative_id := id_from_filename(title)) in ids:
                attempt += 1
                form = rng.choice(TITLE_FORMS).format(topic=topic, district=district)
                title = f"{form} ({attempt}. Phase)"
            titles.add(title)
            ids.add(initiative_id)
            # Editors name files either by id or by title (the loader slugs either).
            stem = title if rng.random() < 0.1 and "/" not in title else initiative_id

            lead = rng.choices(partner_ids, lead_weights)[0] if rng.random() < 0.85 else None
            members = rng.sample(partner_ids, rng.randint(1, min(4, len(partner_ids))))
            # The first initiatives name every partner once, so none is left without initiative.
            if number < len(partner_ids) and partner_ids[number] not in members:
                members.append(partner_ids[number])
            if lead and rng.random() < 0.5 and lead not in members:
                members.insert(0, lead)
            districts = [district]
            for _ in range(rng.choice((0, 0, 1, 2))):
                extra = rng.choice(DISTRICTS)
                if extra not in districts:
                    districts.append(extra)
            if rng.random() < 0.05:
                districts.append(CITYWIDE)
            lead_name = partners[lead]["name"] if lead else "die Stadt Essen"
            partner_names = [partners[p]["name"] for p in members if p != lead] or [
                "weiteren Partnern aus der Stadtgesellschaft"
            ]
            slots = {
                "title": title,
                "phrase": phrase,
                "Phrase": _capitalize(phrase),
                "district": district,
                "lead": lead_name,
                "facility": rng.choice(FACILITIES),
                "street": rng.choice(STREETS),
                "partners": _german_join(partner_names[:3]),
            }
            fields = [field.id]
            if rng.random() < 0.25:
                other = rng.choice(FIELDS).id
                if other != field.id:
                    fields.append(other)
            record: dict = {
                "title": title,
                "fields": fields,
                "status": list(STATUS_LABELS)[number]
                if number < len(STATUS_LABELS)
                else rng.choices(list(STATUS_LABELS), (10, 20, 25, 30, 15))[0],
                "summary": self._summary(field, slots),
                "description": self._description(field, slots),
                "partners": members,
            }
            if lead:
                record["lead"] = lead
            if people and (number < len(people) or rng.random() < 0.7):
                record["contacts"] = rng.sample(people, min(len(people), rng.randint(1, 2)))
                if number < len(people) and people[number] not in record["contacts"]:
                    record["contacts"].append(people[number])
                if rng.random() < 0.05:
                    record["contacts"].append(rng.choice(leaders))
            if rng.random() < 0.95:
                record["districts"] = districts
            self._dates(record)
            tags = list(dict.fromkeys([*rng.sample(field.tags, rng.randint(1, 3)), topic]))
            if rng.random() < 0.85:
                record["tags"] = tags
            if rng.random() < 0.4:
                record["links"] = self._links(members, partners)
            if rng.random() < 0.6:
                # Inside Essen: an ellipse around the city centre, well within the city limits.
                while True:
                    x, y = rng.uniform(-1, 1), rng.uniform(-1, 1)
                    if x * x + y * y <= 1:
                        break
                record["location"] = {
                    "lat": round(51.45 + 0.045 * y, 4),
                    "lon": round(7.01 + 0.07 * x, 4),
                }
            if number in featured:
                record["featured"] = True
            if rng.random() < 0.9:
                record["updated"] = BASE_DAY - dt.timedelta(days=rng.randrange(500))
            initiatives[stem] = record
        return initiatives

    def _summary(self, field: FieldText, slots: dict[str, str]) -> str:
        goal_sentence = _capitalize(self.rng.choice(GOAL).format(goal=self.rng.choice(field.goals)))
        summary = _capitalize(
            self.rng.choice(SUMMARY_FORMS).format(goal_sentence=goal_sentence, **slots)
        )
        if len(summary) > SUMMARY_MAX_LENGTH:
            summary = summary[: SUMMARY_MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        return summary

    def _description(self, field: FieldText, slots: dict[str, str]) -> str:
        rng = self.rng
        year = rng.randint(2018, 2025)
        values = dict(
            slots,
            year=str(year),
            year2=str(rng.randint(2025, 2029)),
            money=f"{rng.randint(2, 95) * 10_000:,}".replace(",", "."),
            days=str(rng.choice((7, 14, 30, 90))),
            problem=rng.choice(field.problems),
            goal=rng.choice(field.goals),
            technique=rng.choice(field.techniques),
            compound=rng.choice(COMPOUND_HEADS) + rng.choice(COMPOUND_TAILS),
        )

        def say(pool: tuple[str, ...], k: int = 1) -> str:
            sentences = []
            for sentence in rng.sample(pool, k):
                # A fresh figure per sentence, so two sentences never repeat the same number.
                values["count"] = str(rng.choice(COUNTS))
                sentences.append(_capitalize(sentence.format(**values)))
            return " ".join(sentences)

        first_goal, second_goal = rng.sample(GOAL, 2)
        other_goal = rng.choice([g for g in field.goals if g != values["goal"]])
        paragraphs = [
            " ".join(
                (
                    say(INTRO),
                    say(PROBLEM),
                    first_goal.format(goal=values["goal"]),
                    second_goal.format(goal=other_goal),
                )
            ),
            " ".join((say(BACKGROUND, 2), say(EVALUATION, 2))),
            " ".join((say(HOW), say(DETAIL, 2), say(SCALE, 2), say(COMPOUND))),
            rng.choice(LIST_INTRO)
            + "\n\n"
            + "\n".join(f"- {item}" for item in rng.sample(field.bullets, rng.randint(3, 5))),
            " ".join((say(PARTNERS), say(PARTICIPATION, 2), say(PRIVACY))),
            " ".join((say(TIMELINE, 2), say(CLOSING))),
        ]
        return "\n\n".join(paragraphs) + "\n"

    def _dates(self, record: dict) -> None:
        rng = self.rng
        if rng.random() < 0.9:
            start = _month(rng, dt.date(2018, 1, 1), dt.date(2025, 9, 30))
            record["start"] = start if rng.random() < 0.4 else f"{start:%Y-%m}"
            if rng.random() < 0.5 or record["status"] == "completed":
                end = start + dt.timedelta(days=rng.randrange(90, 1500))
                record["end"] = end if isinstance(record["start"], dt.date) else f"{end:%Y-%m}"
        elif rng.random() < 0.3:
            record["end"] = f"{rng.randint(2026, 2030)}-12"

    def _links(self, members: list[str], partners: dict[str, dict]) -> list[dict]:
        rng = self.rng
        links = []
        for partner_id in members[: rng.randint(1, 2)]:
            website = partners[partner_id].get("website")
            if website:
                links.append({"title": partners[partner_id]["name"], "url": website})
        if not links or rng.random() < 0.2:
            links.append({"title": "Projektteam anrufen", "url": "tel:+492015550100"})
        if rng.random() < 0.2:
            links.append(
                {"title": "E-Mail an das Projektteam", "url": "mailto:projekt@example.org"}
            )
        return links


def fields_data() -> list[dict]:
    return [
        {
            "id": f.id,
            "name": f.name,
            "summary": f.summary,
            "description": (
                f"{f.summary}\n\nTypische Vorhaben sind zum Beispiel:\n\n"
                + "\n".join(f"- {phrase}" for _, phrase in f.topics[:4])
                + "\n"
            ),
            "icon": f.icon,
        }
        for f in FIELDS
    ]


def generate_data(n: int, seed: int = DEFAULT_SEED) -> dict:
    """A valid data set of `n` initiatives, in the shape of the tests' `write_data`:
    {"fields": [...], "contacts": [...], "partners": {stem: {...}}, "initiatives": {stem: {...}}}."""
    generator = _Generator(n, seed)
    partners = generator.partners()
    contacts = generator.contacts(partners)
    initiatives = generator.initiatives(partners, contacts)
    return {
        "fields": fields_data(),
        "partners": partners,
        "contacts": contacts,
        "initiatives": initiatives,
    }


# --------------------------------------------------------------------------- YAML output

# YAML 1.1 reads these plain words as booleans or null.
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN = re.compile(r"[A-Za-zÄÖÜäöüß][\w .,()–-]*[\w.)]|[A-Za-zÄÖÜäöüß]")


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    # JSON strings are valid double-quoted YAML scalars.
    return json.dumps(text, ensure_ascii=False)


def _yaml_lines(data: dict, indent: str = "") -> list[str]:
    """The block style editors write by hand; multi-line text as literal blocks."""
    lines = []
    for key, value in data.items():
        if isinstance(value, str) and "\n" in value:
            lines.append(f"{indent}{key}: |")
            lines.extend(
                f"{indent}  {line}" if line else "" for line in value.rstrip("\n").split("\n")
            )
        elif isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.extend(_yaml_lines(value, indent + "  "))
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:")
            for item in value:
                if isinstance(item, dict):
                    item_lines = _yaml_lines(item, indent + "    ")
                    lines.append(f"{indent}  - {item_lines[0].lstrip()}")
                    lines.extend(item_lines[1:])
                else:
                    lines.append(f"{indent}  - {_scalar(item)}")
        else:
            lines.append(f"{indent}{key}: {_scalar(value)}")
    return lines


def to_yaml(data: dict | list) -> str:
    if isinstance(data, list):
        lines = []
        for item in data:
            item_lines = _yaml_lines(item, "  ")
            lines.append(f"- {item_lines[0].lstrip()}")
            lines.extend(item_lines[1:])
        return "\n".join(lines) + "\n"
    return "\n".join(_yaml_lines(data)) + "\n"


def write_data(data_dir: Path, data: dict) -> None:
    (data_dir / "partners").mkdir(parents=True, exist_ok=True)
    (data_dir / "initiatives").mkdir(parents=True, exist_ok=True)
    (data_dir / "fields.yml").write_text(to_yaml(data["fields"]), encoding="utf-8")
    (data_dir / "contacts.yml").write_text(to_yaml(data["contacts"]), encoding="utf-8")
    for stem, record in data["partners"].items():
        (data_dir / "partners" / f"{stem}.yml").write_text(to_yaml(record), encoding="utf-8")
    for stem, record in data["initiatives"].items():
        (data_dir / "initiatives" / f"{stem}.yml").write_text(to_yaml(record), encoding="utf-8")


LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img">'
    '<rect width="10" height="10" fill="#3f51b5"/></svg>\n'
)


def _empty_target(out_dir: Path) -> None:
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} exists and is not empty")
    out_dir.mkdir(parents=True, exist_ok=True)


def write_project(out_dir: Path, data: dict, repo: Path = REPO) -> Path:
    """A copy of this project (mkdocs.yml, docs/, overrides/) with `data` as its data/ folder."""
    out_dir = Path(out_dir)
    _empty_target(out_dir)
    for item in PROJECT_ITEMS + OPTIONAL_PROJECT_ITEMS:
        source = repo / item
        if source.is_dir():
            shutil.copytree(source, out_dir / item)
        elif source.is_file():
            shutil.copy2(source, out_dir / item)
        elif item in PROJECT_ITEMS:
            raise FileNotFoundError(source)
    write_data(out_dir / "data", data)
    for record in data["partners"].values():
        if "logo" in record:
            logo = out_dir / "docs" / record["logo"]
            logo.parent.mkdir(parents=True, exist_ok=True)
            logo.write_text(LOGO_SVG, encoding="utf-8")
    return out_dir


# --------------------------------------------------------------------------- calibration

CALIBRATION_CONFIG = """\
site_name: CONNECTED.ESSEN
site_description: Kalibrierung – dieselben Initiativen als handgeschriebene Markdown-Seiten.
site_url: https://connected.essen.example/

theme:
  name: material
  language: de
  font: false
  palette:
    primary: indigo
    accent: indigo
  features:
    - navigation.tabs
    - navigation.indexes
    - navigation.top
    - search.highlight

# Only the top pages: initiative, field and partner pages stay out of the navigation.
nav:
  - Start: index.md
  - Handlungsfelder: handlungsfelder/index.md
  - Initiativen: initiativen/index.md
  - Partner: partner/index.md
  - Kontakt: kontakt/index.md

plugins:
  - search:
      lang: de

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true

validation:
  omitted_files: info
  absolute_links: warn
  unrecognized_links: info
  anchors: warn
"""

GERMAN_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip


def _german_date(value: object) -> str:
    if isinstance(value, dt.date):
        return f"{value.day}. {GERMAN_MONTHS[value.month - 1]} {value.year}"
    year, month = str(value).split("-")[:2]
    return f"{GERMAN_MONTHS[int(month) - 1]} {year}"


def _front_matter(title: str, description: str) -> str:
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndescription: {json.dumps(description, ensure_ascii=False)}\n---\n\n"


def calibration_pages(data: dict) -> dict[str, str]:
    """Hand-made Markdown pages with the same text as the generated site: {docs path: Markdown}."""
    fields = {f["id"]: f for f in data["fields"]}
    partners = {id_from_filename(stem): p for stem, p in data["partners"].items()}
    contacts = {c["id"]: c for c in data["contacts"]}
    initiatives = sorted(
        ((id_from_filename(stem), record) for stem, record in data["initiatives"].items()),
        key=lambda item: (sort_key(item[1]["title"]), item[0]),
    )
    by_field: dict[str, list[tuple[str, dict]]] = {f: [] for f in fields}
    by_partner: dict[str, list[tuple[str, dict]]] = {p: [] for p in partners}
    for initiative_id, record in initiatives:
        for f in record["fields"]:
            by_field[f].append((initiative_id, record))
        for p in dict.fromkeys(([record["lead"]] if "lead" in record else []) + record["partners"]):
            by_partner[p].append((initiative_id, record))

    def field_links(ids: list[str], prefix: str) -> str:
        return ", ".join(f"[{fields[f]['name']}]({prefix}handlungsfelder/{f}.md)" for f in ids)

    def row(initiative_id: str, record: dict, prefix: str) -> str:
        return (
            f"- [{record['title']}]({prefix}initiativen/{initiative_id}.md)  \n"
            f"  {record['summary']}  \n"
            f"  *{STATUS_LABELS[record['status']]}* · {field_links(record['fields'], prefix)}"
        )

    pages: dict[str, str] = {
        "index.md": _front_matter("Start", "Die Smart-City-Initiative der Stadt Essen.")
        + "# CONNECTED.ESSEN\n\n"
        + f"Auf diesen Seiten stellen wir Ihnen {len(initiatives)} Initiativen aus "
        + f"{len(fields)} Handlungsfeldern vor.\n\n[Alle Initiativen](initiativen/index.md)\n",
        "initiativen/index.md": _front_matter("Initiativen", "Alle Initiativen.")
        + f"# Initiativen\n\n{len(initiatives)} Initiativen, alphabetisch geordnet.\n\n"
        + "\n".join(row(i, r, "../") for i, r in initiatives)
        + "\n",
        "handlungsfelder/index.md": _front_matter("Handlungsfelder", "Die Handlungsfelder.")
        + "# Handlungsfelder\n\n"
        + "\n".join(f"- [{f['name']}]({f['id']}.md): {f['summary']}" for f in fields.values())
        + "\n",
        "partner/index.md": _front_matter("Partner", "Alle Partner.")
        + "# Partner\n\n"
        + "\n".join(f"- [{p['name']}]({pid}.md)" for pid, p in partners.items())
        + "\n",
        "kontakt/index.md": _front_matter("Kontakt", "Leitung und Ansprechpersonen.")
        + "# Kontakt\n\n"
        + "\n\n".join(
            f"## {c['name']} {{ #{c['id']} }}\n\n{c['role']}, "
            f"[{partners[c['organization']]['name']}](../partner/{c['organization']}.md)"
            + (f"  \nTelefon: {c['phone']}" if "phone" in c else "")
            + (f"  \nE-Mail: <{c['email']}>" if "email" in c else "")
            for c in contacts.values()
        )
        + "\n",
    }
    for f in fields.values():
        pages[f"handlungsfelder/{f['id']}.md"] = (
            _front_matter(f["name"], f["summary"])
            + f"# {f['name']}\n\n{f['summary']}\n\n{f['description']}\n## Initiativen\n\n"
            + "\n".join(row(i, r, "../") for i, r in by_field[f["id"]])
            + "\n"
        )
    for pid, p in partners.items():
        pages[f"partner/{pid}.md"] = (
            _front_matter(p["name"], p.get("short_name", p["name"]))
            + f"# {p['name']}\n\n*{PARTNER_TYPE_LABELS[p['type']]}*\n\n"
            + (f"{p['description']}\n\n" if "description" in p else "")
            + (f"[Website]({p['website']})\n\n" if "website" in p else "")
            + "## Initiativen\n\n"
            + "\n".join(row(i, r, "../") for i, r in by_partner[pid])
            + "\n"
        )
    for initiative_id, r in initiatives:
        facts = [
            f"- **Handlungsfelder:** {field_links(r['fields'], '../')}",
            f"- **Stand:** {STATUS_LABELS[r['status']]}",
        ]
        if "lead" in r:
            facts.append(
                f"- **Federführung:** [{partners[r['lead']]['name']}](../partner/{r['lead']}.md)"
            )
        others = [p for p in r["partners"] if p != r.get("lead")]
        if others:
            facts.append(
                "- **Partner:** "
                + ", ".join(f"[{partners[p]['name']}](../partner/{p}.md)" for p in others)
            )
        if "contacts" in r:
            facts.append(
                "- **Ansprechpersonen:** "
                + "; ".join(
                    f"[{contacts[c]['name']}](../kontakt/index.md#{c}), {contacts[c]['role']}"
                    for c in r["contacts"]
                )
            )
        start, end = r.get("start"), r.get("end")
        if start and end:
            facts.append(f"- **Zeitraum:** {_german_date(start)} bis {_german_date(end)}")
        elif start:
            facts.append(f"- **Zeitraum:** seit {_german_date(start)}")
        elif end:
            facts.append(f"- **Zeitraum:** bis {_german_date(end)}")
        if "districts" in r:
            facts.append(f"- **Stadtteile:** {', '.join(r['districts'])}")
        if "tags" in r:
            facts.append(f"- **Schlagworte:** {', '.join(r['tags'])}")
        if "links" in r:
            facts.append(
                "- **Links:** "
                + ", ".join(f"[{link['title']}]({link['url']})" for link in r["links"])
            )
        if "updated" in r:
            facts.append(f"- **Zuletzt geprüft:** {_german_date(r['updated'])}")
        pages[f"initiativen/{initiative_id}.md"] = (
            _front_matter(r["title"], r["summary"])
            + f"# {r['title']}\n\n{r['summary']}\n\n"
            + "\n".join(facts)
            + "\n\n## Beschreibung\n\n"
            + r["description"]
            + "\n[Alle Initiativen](index.md)\n"
        )
    return pages


def write_calibration(out_dir: Path, data: dict) -> Path:
    """A stock MkDocs + Material project whose Markdown pages carry the data's text."""
    out_dir = Path(out_dir)
    _empty_target(out_dir)
    (out_dir / "mkdocs.yml").write_text(CALIBRATION_CONFIG, encoding="utf-8")
    docs = out_dir / "docs"
    for rel_path, text in calibration_pages(data).items():
        path = docs / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return out_dir


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Write a project with N synthetic initiatives (or its stock calibration).",
    )
    parser.add_argument("n", type=int, help="number of initiatives")
    parser.add_argument("out_dir", type=Path, help="target folder (must be empty or missing)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--calibration",
        action="store_true",
        help="write the same initiatives as a stock MkDocs + Material project instead",
    )
    args = parser.parse_args(argv)
    data = generate_data(args.n, args.seed)
    if args.calibration:
        write_calibration(args.out_dir, data)
    else:
        write_project(args.out_dir, data)
    print(f"{args.n} Initiativen nach {args.out_dir} geschrieben", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

import Radiology
extension Phrasebook {
    static let german = Phrasebook(
        "deu_Latn", sides: ["rechts", "links", "beidseits"],
        severities: ["gering ausgeprägt", "mäßig ausgeprägt", "deutlich ausgeprägt"],
        amounts: ["klein", "mittelgroß", "groß"],
        extents: ["minimale | leichte | kleine", "mäßige", "ausgedehnte"],
        places: Places(bases: ["basal rechts | im rechten Unterlappen", "basal links | im linken Unterlappen", "beidseits basal"],
                       lobes: [.rightUpper: "rechten Oberlappen", .rightMiddle: "Mittellappen", .rightLower: "rechten Unterlappen",
                               .leftUpper: "linken Oberlappen", .leftLower: "linken Unterlappen"]),
        normal: ["Lungen gut belüftet und transparent.", "Lungengefäßzeichnung regelrecht."],
        impressionNormal: ["Kein akuter kardiopulmonaler Befund.", "Unauffälliger Thoraxbefund."],
        [
            .enlargedCardiomediastinum: ("Mediastinum verbreitert, {severity}.", "Mediastinum fraglich verbreitert, am ehesten lagerungsbedingt.", "Herz-Mediastinal-Silhouette normal konfiguriert."),
            .cardiomegaly: ("Kardiomegalie, {severity}. | Herz verbreitert, Kardiomegalie {severity}. | Herzvergrößerung, {severity}. | Verbreiterung des Herzschattens in der p.a.-Aufnahme, {severity}.", "Grenzwertige Herzgröße, beginnende Kardiomegalie möglich.", "Herz normal groß. | Keine Kardiomegalie."),
            .lungLesion: ("Pulmonaler Rundherd {side}, {mm} mm.", "Fraglicher kleiner Rundherd {side}.", "Kein Nachweis pulmonaler Rundherde oder Raumforderungen."),
            .lungOpacity: ("Unscharf begrenzte Verschattung {side}.", "Fragliche diskrete Verschattung {side}.", "Keine umschriebene Verschattung."),
            .edema: ("Lungenödem, {severity}, mit perihilärer Zeichnungsvermehrung und Kerley-B-Linien. | Interstitielles Lungenödem in beiden Lungen, {severity}. | Perihiläres Ödem beidseits, {severity}, basal betont.", "Fragliches beginnendes interstitielles Ödem.", "Kein Lungenödem."),
            .consolidation: ("Dichte Konsolidierung {side} mit positivem Bronchopneumogramm. | {extent} Konsolidierung im {lobe}. | Lobäre Konsolidierung im {lobe}. | {extent} fleckige Verdichtung im {lobe}.", "Beginnende Konsolidierung {side} nicht sicher auszuschließen.", "Keine Konsolidierung."),
            .pneumonia: ("Fleckige, multifokale Verschattungen {side}, vereinbar mit einer Pneumonie.", "Verschattung {side}, eine beginnende Pneumonie ist nicht auszuschließen.", "Kein Anhalt für eine Pneumonie."),
            .atelectasis: ("Plattenatelektase basal {side} mit Zwerchfellhochstand. | {extent} Streifenatelektase {base}. | {extent} Plattenatelektase {base}. | Subsegmentale Atelektase {base}.", "Wahrscheinlich Dystelektase basal {side}.", "Keine Atelektase."),
            .pneumothorax: ("Pneumothorax {side}, {amount}, mit sichtbarer viszeraler Pleuralinie.", "Kleiner apikaler Pneumothorax {side} nicht sicher auszuschließen.", "Kein Pneumothorax."),
            .pleuralEffusion: ("Pleuraerguss {side}, {amount}. | {amount}er Pleuraerguss {side}. | Frei auslaufender Pleuraerguss {side}, {amount}. | Dorsal auslaufender Pleuraerguss {side}, {amount}.", "Verstrichener Randwinkel {side}, fraglich geringer Pleuraerguss.", "Kein Pleuraerguss. | Randwinkel frei, kein Erguss."),
            .pleuralOther: ("Pleuraverdickung {side}.", "Fragliche Pleuraverdickung {side}.", "Keine Pleuraverdickung."),
            .fracture: ("Rippenfraktur {side}.", "Fragliche nicht dislozierte Rippenfraktur {side}.", "Keine Fraktur."),
            .supportDevices: ("Einliegendes Fremdmaterial (Katheter, Sonden bzw. Schrittmacher) in regelrechter Lage.", "Fraglich einliegender Katheter.", "Kein einliegendes Fremdmaterial."),
        ])

    static let dutch = Phrasebook(
        "nld_Latn", sides: ["rechts", "links", "beiderzijds"],
        severities: ["gering", "matig", "fors"], amounts: ["klein", "matig", "groot"],
        normal: ["Goed ontplooide, heldere longen.", "Normale longvaattekening."],
        impressionNormal: ["Geen acute cardiopulmonale afwijkingen.", "Normale thoraxfoto."],
        [
            .enlargedCardiomediastinum: ("Verbreed mediastinum, {severity}.", "Mogelijk verbreed mediastinum, waarschijnlijk technisch.", "Normaal cardiomediastinaal silhouet."),
            .cardiomegaly: ("Cardiomegalie, {severity}.", "Mogelijk geringe cardiomegalie.", "Normale hartgrootte."),
            .lungLesion: ("Longnodus van {mm} mm {side}.", "Mogelijk kleine nodus {side}.", "Geen longnoduli of massa's."),
            .lungOpacity: ("Onscherp begrensde verdichting {side}.", "Mogelijk subtiele verdichting {side}.", "Geen focale verdichting."),
            .edema: ("Longoedeem, {severity}, met perihilaire wazigheid en septumlijnen.", "Mogelijk beginnend interstitieel oedeem.", "Geen longoedeem."),
            .consolidation: ("Dense consolidatie {side} met luchtbronchogram.", "Beginnende consolidatie {side} niet uit te sluiten.", "Geen consolidatie."),
            .pneumonia: ("Fleurige multifocale verdichtingen {side}, passend bij pneumonie.", "Verdichting {side}, mogelijk beginnende pneumonie.", "Geen aanwijzingen voor pneumonie."),
            .atelectasis: ("Plaatatelectase basaal {side} met hoogstand van het diafragma.", "Waarschijnlijk subsegmentale atelectase basaal {side}.", "Geen atelectase."),
            .pneumothorax: ("Pneumothorax {side}, {amount}, met zichtbare viscerale pleuralijn.", "Kleine apicale pneumothorax {side} niet uit te sluiten.", "Geen pneumothorax."),
            .pleuralEffusion: ("Pleuravocht {side}, {amount}.", "Afgestompte sinus {side}, mogelijk minimaal pleuravocht.", "Geen pleuravocht."),
            .pleuralOther: ("Pleuraverdikking {side}.", "Mogelijk pleuraverdikking {side}.", "Geen pleuraverdikking."),
            .fracture: ("Ribfractuur {side}.", "Mogelijk niet-gedisloceerde ribfractuur {side}.", "Geen fractuur."),
            .supportDevices: ("Hulpmiddelen (lijnen, sondes of pacemaker) in situ.", "Mogelijk katheter, deels zichtbaar.", "Geen lijnen of sondes."),
        ])

    static let swedish = Phrasebook(
        "swe_Latn", sides: ["på höger sida", "på vänster sida", "bilateralt"],
        severities: ["lindrig", "måttlig", "uttalad"], amounts: ["liten", "måttlig", "stor"],
        normal: ["Välexpanderade, klara lungor.", "Normal lungkärlteckning."],
        impressionNormal: ["Ingen akut hjärt-lungpatologi.", "Normal lungröntgen."],
        [
            .enlargedCardiomediastinum: ("Breddökat mediastinum, {severity}.", "Möjligen breddökat mediastinum, troligen tekniskt betingat.", "Normal hjärt-mediastinumsilhuett."),
            .cardiomegaly: ("Kardiomegali, {severity}.", "Möjlig lätt kardiomegali.", "Normal hjärtstorlek."),
            .lungLesion: ("Lungnodul {side}, {mm} mm.", "Möjlig liten nodul {side}.", "Inga lungnoduler eller expansiviteter."),
            .lungOpacity: ("Oskarpt avgränsad förtätning {side}.", "Möjlig diskret förtätning {side}.", "Ingen fokal förtätning."),
            .edema: ("Lungödem, {severity}, med perihilär oskärpa och Kerley B-linjer.", "Möjligt begynnande interstitiellt ödem.", "Inget lungödem."),
            .consolidation: ("Tät konsolidering {side} med luftbronkogram.", "Begynnande konsolidering {side} kan inte uteslutas.", "Ingen konsolidering."),
            .pneumonia: ("Fläckiga multifokala förtätningar {side}, förenliga med pneumoni.", "Förtätning {side}, möjligen begynnande pneumoni.", "Inga tecken på pneumoni."),
            .atelectasis: ("Plattatelektas basalt {side} med högt stående diafragma.", "Sannolikt subsegmentell atelektas basalt {side}.", "Ingen atelektas."),
            .pneumothorax: ("Pneumothorax {side}, {amount}, med synlig visceral pleuralinje.", "Liten apikal pneumothorax {side} kan inte uteslutas.", "Ingen pneumothorax."),
            .pleuralEffusion: ("Pleuravätska {side}, {amount} mängd.", "Avtrubbad sinus {side}, möjligen minimal pleuravätska.", "Ingen pleuravätska."),
            .pleuralOther: ("Pleuraförtjockning {side}.", "Möjlig pleuraförtjockning {side}.", "Ingen pleuraförtjockning."),
            .fracture: ("Revbensfraktur {side}.", "Möjlig odislocerad revbensfraktur {side}.", "Ingen fraktur."),
            .supportDevices: ("Medicintekniska hjälpmedel (katetrar, sonder eller pacemaker) in situ.", "Möjlig kateter, delvis synlig.", "Inga katetrar eller sonder."),
        ])
}

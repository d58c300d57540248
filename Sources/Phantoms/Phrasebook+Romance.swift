import Radiology
extension Phrasebook {
    static let french = Phrasebook(
        "fra_Latn", sides: ["à droite", "à gauche", "des deux côtés"],
        severities: ["d'importance légère", "d'importance modérée", "d'importance marquée"],
        amounts: ["de faible abondance", "de moyenne abondance", "de grande abondance"],
        normal: ["Poumons bien expansés et clairs.", "Vascularisation pulmonaire normale."],
        impressionNormal: ["Pas d'anomalie cardiopulmonaire aiguë.", "Radiographie thoracique normale."],
        [
            .enlargedCardiomediastinum: ("Élargissement du médiastin {severity}.", "Médiastin possiblement élargi, à confronter à la technique.", "Silhouette cardiomédiastinale dans les limites de la normale."),
            .cardiomegaly: ("Cardiomégalie {severity}. | Index cardiothoracique augmenté, cardiomégalie {severity}.", "Possible cardiomégalie légère.", "Taille du cœur normale. | Pas de cardiomégalie."),
            .lungLesion: ("Nodule pulmonaire de {mm} mm {side}.", "Possible petit nodule {side}, à contrôler.", "Pas de nodule ni de masse pulmonaire."),
            .lungOpacity: ("Opacité mal limitée {side}.", "Discrète opacité possible {side}.", "Pas d'opacité parenchymateuse focale."),
            .edema: ("Œdème pulmonaire {severity} avec flou périhilaire et lignes septales.", "Possible œdème interstitiel débutant.", "Pas d'œdème pulmonaire."),
            .consolidation: ("Condensation alvéolaire dense {side} avec bronchogramme aérien.", "Une condensation débutante {side} ne peut être exclue.", "Pas de condensation focale."),
            .pneumonia: ("Opacités multifocales {side} évocatrices d'une pneumonie.", "Opacité {side} pouvant correspondre à une pneumonie débutante.", "Pas de signe de pneumonie."),
            .atelectasis: ("Atélectasie en bande basale {side}, avec ascension de la coupole diaphragmatique.", "Probable atélectasie sous-segmentaire basale {side}.", "Pas d'atélectasie."),
            .pneumothorax: ("Pneumothorax {amount} {side}, avec ligne pleurale viscérale visible.", "Un petit pneumothorax apical {side} ne peut être exclu.", "Pas de pneumothorax."),
            .pleuralEffusion: ("Épanchement pleural {amount} {side}. | Épanchement pleural {side}, {amount}, comblant le cul-de-sac.", "Émoussement du cul-de-sac costo-diaphragmatique {side}, possible épanchement minime.", "Pas d'épanchement pleural. | Culs-de-sac libres, pas d'épanchement pleural."),
            .pleuralOther: ("Épaississement pleural {side}.", "Possible épaississement pleural {side}.", "Pas d'épaississement pleural."),
            .fracture: ("Fracture costale {side}.", "Possible fracture costale non déplacée {side}.", "Pas de fracture."),
            .supportDevices: ("Matériel médical en place (sondes, cathéters ou stimulateur).", "Possible cathéter partiellement visualisé.", "Pas de sonde ni de cathéter."),
        ])

    static let spanish = Phrasebook(
        "spa_Latn", sides: ["en el lado derecho", "en el lado izquierdo", "de forma bilateral"],
        severities: ["de grado leve", "de grado moderado", "de grado severo"],
        amounts: ["de pequeña cuantía", "de moderada cuantía", "de gran cuantía"],
        normal: ["Pulmones bien expandidos y claros.", "Vascularización pulmonar normal."],
        impressionNormal: ["Sin hallazgos cardiopulmonares agudos.", "Radiografía de tórax normal."],
        [
            .enlargedCardiomediastinum: ("Ensanchamiento mediastínico {severity}.", "Posible ensanchamiento mediastínico, probablemente técnico.", "Silueta cardiomediastínica dentro de límites normales."),
            .cardiomegaly: ("Cardiomegalia {severity}.", "Posible cardiomegalia leve.", "Tamaño cardíaco normal. | No hay cardiomegalia."),
            .lungLesion: ("Nódulo pulmonar de {mm} mm {side}.", "Posible pequeño nódulo {side}.", "No se observan nódulos ni masas pulmonares."),
            .lungOpacity: ("Opacidad mal definida {side}.", "Posible opacidad tenue {side}.", "Sin opacidades focales."),
            .edema: ("Edema pulmonar {severity} con borrosidad perihiliar y líneas septales.", "Posible edema intersticial incipiente.", "No hay edema pulmonar."),
            .consolidation: ("Consolidación densa {side} con broncograma aéreo.", "No se puede descartar consolidación incipiente {side}.", "Sin consolidación focal."),
            .pneumonia: ("Opacidades parcheadas multifocales {side}, compatibles con neumonía.", "Opacidad {side} que podría corresponder a neumonía incipiente.", "Sin signos de neumonía."),
            .atelectasis: ("Atelectasia laminar basal {side} con elevación del hemidiafragma.", "Probable atelectasia subsegmentaria basal {side}.", "Sin atelectasias."),
            .pneumothorax: ("Neumotórax {amount} {side}, con línea pleural visceral visible.", "No se puede descartar un pequeño neumotórax apical {side}.", "No hay neumotórax."),
            .pleuralEffusion: ("Derrame pleural {amount} {side}.", "Pinzamiento del seno costofrénico {side}, posible derrame mínimo.", "Sin derrame pleural. | Senos costofrénicos libres."),
            .pleuralOther: ("Engrosamiento pleural {side}.", "Posible engrosamiento pleural {side}.", "Sin engrosamiento pleural."),
            .fracture: ("Fractura costal {side}.", "Posible fractura costal no desplazada {side}.", "Sin fracturas."),
            .supportDevices: ("Dispositivos de soporte (sondas, catéteres o marcapasos) en posición adecuada.", "Posible catéter parcialmente visualizado.", "Sin sondas ni catéteres."),
        ])

    static let portuguese = Phrasebook(
        "por_Latn", sides: ["à direita", "à esquerda", "bilateralmente"],
        severities: ["de grau leve", "de grau moderado", "de grau acentuado"],
        amounts: ["de pequeno volume", "de moderado volume", "de grande volume"],
        normal: ["Pulmões bem expandidos e transparentes.", "Vascularização pulmonar normal."],
        impressionNormal: ["Sem alterações cardiopulmonares agudas.", "Radiografia de tórax normal."],
        [
            .enlargedCardiomediastinum: ("Alargamento do mediastino {severity}.", "Possível alargamento mediastinal, provavelmente técnico.", "Silhueta cardiomediastinal dentro dos limites da normalidade."),
            .cardiomegaly: ("Cardiomegalia {severity}.", "Possível cardiomegalia discreta.", "Área cardíaca normal."),
            .lungLesion: ("Nódulo pulmonar de {mm} mm {side}.", "Possível pequeno nódulo {side}.", "Ausência de nódulos ou massas pulmonares."),
            .lungOpacity: ("Opacidade mal definida {side}.", "Possível opacidade tênue {side}.", "Sem opacidades focais."),
            .edema: ("Edema pulmonar {severity}, com borramento peri-hilar e linhas septais.", "Possível edema intersticial incipiente.", "Sem edema pulmonar."),
            .consolidation: ("Consolidação densa {side}, com broncograma aéreo.", "Não se pode excluir consolidação incipiente {side}.", "Sem consolidação focal."),
            .pneumonia: ("Opacidades multifocais {side}, compatíveis com pneumonia.", "Opacidade {side} que pode corresponder a pneumonia incipiente.", "Sem sinais de pneumonia."),
            .atelectasis: ("Atelectasia laminar basal {side}, com elevação da hemicúpula diafragmática.", "Provável atelectasia subsegmentar basal {side}.", "Sem atelectasias."),
            .pneumothorax: ("Pneumotórax {amount} {side}, com linha pleural visceral visível.", "Não se pode excluir pequeno pneumotórax apical {side}.", "Sem pneumotórax."),
            .pleuralEffusion: ("Derrame pleural {amount} {side}.", "Velamento do seio costofrênico {side}, possível derrame mínimo.", "Sem derrame pleural."),
            .pleuralOther: ("Espessamento pleural {side}.", "Possível espessamento pleural {side}.", "Sem espessamento pleural."),
            .fracture: ("Fratura de arco costal {side}.", "Possível fratura costal sem desvio {side}.", "Sem fraturas."),
            .supportDevices: ("Dispositivos de suporte (sondas, cateteres ou marca-passo) bem posicionados.", "Possível cateter parcialmente visualizado.", "Sem sondas ou cateteres."),
        ])

    static let italian = Phrasebook(
        "ita_Latn", sides: ["a destra", "a sinistra", "bilateralmente"],
        severities: ["di grado lieve", "di grado moderato", "di grado marcato"],
        amounts: ["di piccola entità", "di moderata entità", "di grande entità"],
        normal: ["Polmoni ben espansi e trasparenti.", "Vascolarizzazione polmonare nella norma."],
        impressionNormal: ["Non alterazioni cardiopolmonari acute.", "Radiografia del torace nella norma."],
        [
            .enlargedCardiomediastinum: ("Slargamento del mediastino {severity}.", "Possibile slargamento mediastinico, verosimilmente tecnico.", "Silhouette cardiomediastinica nei limiti della norma."),
            .cardiomegaly: ("Cardiomegalia {severity}.", "Possibile lieve cardiomegalia.", "Dimensioni cardiache nella norma."),
            .lungLesion: ("Nodulo polmonare di {mm} mm {side}.", "Possibile piccolo nodulo {side}.", "Non noduli né masse polmonari."),
            .lungOpacity: ("Opacità sfumata {side}.", "Possibile tenue opacità {side}.", "Non opacità focali."),
            .edema: ("Edema polmonare {severity}, con sfumatura perilare e linee settali.", "Possibile edema interstiziale iniziale.", "Non edema polmonare."),
            .consolidation: ("Addensamento parenchimale denso {side} con broncogramma aereo.", "Non si può escludere un addensamento iniziale {side}.", "Non addensamenti focali."),
            .pneumonia: ("Opacità multifocali {side}, compatibili con polmonite.", "Opacità {side} che potrebbe corrispondere a polmonite iniziale.", "Non segni di polmonite."),
            .atelectasis: ("Atelettasia lamellare basale {side}, con sopraelevazione dell'emidiaframma.", "Probabile atelettasia subsegmentaria basale {side}.", "Non atelettasie."),
            .pneumothorax: ("Pneumotorace {amount} {side}, con linea pleurica viscerale visibile.", "Non si può escludere un piccolo pneumotorace apicale {side}.", "Non pneumotorace."),
            .pleuralEffusion: ("Versamento pleurico {amount} {side}.", "Obliterazione del seno costofrenico {side}, possibile minimo versamento.", "Non versamento pleurico."),
            .pleuralOther: ("Ispessimento pleurico {side}.", "Possibile ispessimento pleurico {side}.", "Non ispessimento pleurico."),
            .fracture: ("Frattura costale {side}.", "Possibile frattura costale composta {side}.", "Non fratture."),
            .supportDevices: ("Dispositivi di supporto (sondini, cateteri o pacemaker) in sede.", "Possibile catetere parzialmente visualizzato.", "Non sondini né cateteri."),
        ])
}

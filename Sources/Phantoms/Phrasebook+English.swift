import Radiology
extension Phrasebook {
    /// English: several variants per state, hedges and negations in the forms the CheXpert
    /// labeler's rules recognise ("possible", "cannot be excluded", "no evidence of").
    static let english = Phrasebook(
        "eng_Latn", sides: ["on the right", "on the left", "bilaterally"],
        severities: ["mild", "moderate", "marked | severe"], amounts: ["small | tiny", "moderate", "large"],
        extents: ["minimal | mild | small", "moderate", "extensive | large"],
        places: Places(bases: ["at the right lung base | in the right lower lobe | at the right base",
                               "at the left lung base | in the left lower lobe | at the left base",
                               "at both lung bases | in both lower lobes"],
                       lobes: [:]),
        normal: ["The lungs are well expanded and clear.", "Pulmonary vascularity is within normal limits.",
                 "The visualized osseous structures are unremarkable."],
        impressionNormal: ["No acute cardiopulmonary abnormality.", "Normal chest radiograph.", "No acute cardiopulmonary process."],
        [
            .enlargedCardiomediastinum: (
                "The cardiomediastinal silhouette is enlarged. | The mediastinum is widened. | {severity} widening of the mediastinum.",
                "The mediastinum is possibly widened, which may be technical. | Widening of the mediastinum cannot be excluded.",
                "The cardiomediastinal silhouette is within normal limits. | The mediastinum is not widened."),
            .cardiomegaly: (
                "{severity} cardiomegaly. | The cardiac silhouette is enlarged, consistent with {severity} cardiomegaly. | There is {severity} cardiomegaly. | {severity} enlargement of the cardiac silhouette. | {severity} cardiac enlargement on the frontal radiograph. | {severity} enlargement of the heart.",
                "Possible mild cardiomegaly. | The heart may be mildly enlarged. | Heart size is at the upper limit of normal; mild cardiomegaly cannot be excluded.",
                "The heart size is normal. | No cardiomegaly. | Heart size is within normal limits."),
            .lungLesion: (
                "There is a {mm} mm pulmonary {lesion} {side}. | A well-circumscribed {mm} mm {lesion} is present {side}.",
                "A possible small nodule {side}. | Questionable nodular opacity {side}; a pulmonary nodule cannot be excluded.",
                "No pulmonary nodules or masses. | No suspicious pulmonary nodule or mass is seen."),
            .lungOpacity: (
                "There is a patchy airspace opacity {side}. | Hazy airspace opacity {side}. | Ill-defined airspace opacity {side}.",
                "Possible subtle airspace opacity {side}. | A faint airspace opacity {side} may be present.",
                "No focal opacity. | There is no focal airspace opacity."),
            .edema: (
                "{severity} pulmonary edema with perihilar haziness and septal lines. | Findings are consistent with {severity} pulmonary edema. | There is {severity} interstitial and perihilar edema. | {severity} interstitial pulmonary edema in both lungs. | {severity} perihilar edema bilaterally, with septal lines. | {severity} interstitial edema, predominantly at the lung bases.",
                "Possible mild interstitial edema. | Mild perihilar haziness may reflect early pulmonary edema.",
                "No pulmonary edema. | There is no evidence of pulmonary edema."),
            .consolidation: (
                "Dense consolidation in the {lobe} with air bronchograms. | There is consolidation of the {lobe}. | Airspace consolidation is present in the {lobe}. | {extent} focal consolidation in the {lobe}. | Lobar consolidation in the {lobe}. | {extent} patchy consolidation in the {lobe}.",
                "Possible early consolidation in the {lobe}. | Subtle opacity in the {lobe}; consolidation cannot be excluded.",
                "No focal consolidation. | There is no consolidation."),
            .pneumonia: (
                "Patchy multifocal opacities {side}, consistent with pneumonia. | Findings compatible with multifocal pneumonia {side}.",
                "Patchy opacity {side} which may represent early pneumonia. | Pneumonia cannot be excluded {side}.",
                "No evidence of pneumonia. | No radiographic signs of pneumonia."),
            .atelectasis: (
                "Plate-like atelectasis at the lung base {side} with elevation of the hemidiaphragm. | Band-like basal atelectasis {side}. | Linear atelectasis {side} with volume loss. | {extent} subsegmental atelectasis {base}. | {extent} linear atelectasis {base}. | {extent} plate-like atelectasis {base}. | Discoid atelectasis {base} with elevation of the hemidiaphragm.",
                "Minimal basal opacity {side}, possibly atelectasis. | Probable subsegmental atelectasis {side}.",
                "No atelectasis. | There is no atelectasis."),
            .pneumothorax: (
                "{amount} pneumothorax {side}, with a visible visceral pleural line. | There is a {amount} pneumothorax {side}.",
                "A tiny apical pneumothorax {side} cannot be excluded. | Possible small apical pneumothorax {side}.",
                "No pneumothorax. | There is no pneumothorax."),
            .pleuralEffusion: (
                "{amount} pleural effusion {side}. | There is a {amount} pleural effusion {side}, blunting the costophrenic angle. | {amount} pleural effusion {side} with a meniscus. | {amount} layering pleural effusion {side}. | {amount} free-flowing pleural effusion {side}.",
                "Possible blunting of the costophrenic angle {side}, which may represent a trace pleural effusion. | A small pleural effusion {side} cannot be excluded.",
                "No pleural effusion. | The costophrenic angles are sharp; no pleural effusion."),
            .pleuralOther: (
                "Pleural thickening {side}. | There is {severity} pleural thickening {side}.",
                "Possible pleural thickening {side}.",
                "No pleural thickening."),
            .fracture: (
                "There is a rib fracture {side}. | Acute rib fracture {side}.",
                "Possible nondisplaced rib fracture {side}. | Questionable rib fracture {side}.",
                "No acute fracture. | No displaced rib fracture."),
            .supportDevices: (
                "{devices} in place. | Interval placement of {devices}.",
                "A possible line is partially visualized. | Questionable catheter overlying the chest.",
                "No lines or tubes."),
        ])
}

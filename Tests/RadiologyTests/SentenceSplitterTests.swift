import Testing
@testable import Radiology

/// One sentence-splitting case: the text and the sentences expected.
struct SplitCase: CustomStringConvertible, Sendable {
    var text: String
    var sentences: [String]
    var description: String { text }
}

@Suite struct SentenceSplitterTests {
    static let cases: [SplitCase] = [
        SplitCase(text: "No effusion. Heart is normal.", sentences: ["No effusion", "Heart is normal"]),
        // Numbered lists, on one line and on several.
        SplitCase(text: "1. Stable mild cardiomegaly. 2. Hyperexpanded but clear lungs.",
                  sentences: ["Stable mild cardiomegaly", "Hyperexpanded but clear lungs"]),
        SplitCase(text: "1. Left effusion\n2. Cardiomegaly", sentences: ["Left effusion", "Cardiomegaly"]),
        SplitCase(text: "1) Left effusion 2) Cardiomegaly.", sentences: ["Left effusion", "Cardiomegaly"]),
        // Decimals and measurements.
        SplitCase(text: "There is a 2.5 cm nodule. No effusion.", sentences: ["There is a 2.5 cm nodule", "No effusion"]),
        SplitCase(text: "Nodule measures 1.2 cm. Heart normal.", sentences: ["Nodule measures 1.2 cm", "Heart normal"]),
        // Abbreviations.
        SplitCase(text: "Opacity, approx. 3 cm, in the base. No effusion.",
                  sentences: ["Opacity, approx. 3 cm, in the base", "No effusion"]),
        SplitCase(text: "Atelectasis vs. pneumonia. No effusion.", sentences: ["Atelectasis vs. pneumonia", "No effusion"]),
        SplitCase(text: "Devices, e.g. a pacemaker, are seen. Lungs clear.",
                  sentences: ["Devices, e.g. a pacemaker, are seen", "Lungs clear"]),
        SplitCase(text: "Discussed with Dr. XXXX at 5 p.m. today.", sentences: ["Discussed with Dr. XXXX at 5 p.m. today"]),
        // Abbreviations of German, French and Spanish reports ("bzw." before a capitalised noun).
        SplitCase(text: "Einliegendes Fremdmaterial (Katheter, Sonden bzw. Schrittmacher) in regelrechter Lage. Kein Erguss.",
                  sentences: ["Einliegendes Fremdmaterial (Katheter, Sonden bzw. Schrittmacher) in regelrechter Lage", "Kein Erguss"]),
        SplitCase(text: "Derrame pleural izq. de aprox. 2 cm. Sin neumotórax.",
                  sentences: ["Derrame pleural izq. de aprox. 2 cm", "Sin neumotórax"]),
        // A missing space after a period.
        SplitCase(text: "No pneumothorax.No effusion.", sentences: ["No pneumothorax", "No effusion"]),
        SplitCase(text: "Cavitary lesion in the left lung apex.There are streaky opacities.",
                  sentences: ["Cavitary lesion in the left lung apex", "There are streaky opacities"]),
        // De-identification tokens.
        SplitCase(text: "Normal chest x-XXXX. XXXX XXXX are intact.", sentences: ["Normal chest x-XXXX", "XXXX XXXX are intact"]),
        SplitCase(text: "There are no XXXX of a pleural effusion.", sentences: ["There are no XXXX of a pleural effusion"]),
        // Line breaks: wrapped text continues, a capital or a blank line starts anew.
        SplitCase(text: "Small left\neffusion", sentences: ["Small left effusion"]),
        SplitCase(text: "Findings stable\nNo effusion", sentences: ["Findings stable", "No effusion"]),
        SplitCase(text: "stable\n\nno effusion", sentences: ["stable", "no effusion"]),
        // Questions stay sentences of their own and keep their mark.
        SplitCase(text: "Pneumonia? Follow up.", sentences: ["Pneumonia?", "Follow up"]),
        // Chinese and Japanese: no space after 。！？, full-width commas inside a sentence.
        SplitCase(text: "双肺膨胀良好，肺野清晰。肺纹理走行正常。未见气胸。",
                  sentences: ["双肺膨胀良好，肺野清晰", "肺纹理走行正常", "未见气胸"]),
        SplitCase(text: "1. 心影中度扩大。 2. 右肺下叶见广泛气腔实变。", sentences: ["心影中度扩大", "右肺下叶见广泛气腔实变"]),
        SplitCase(text: "右側に少量の胸水を認める。気胸？", sentences: ["右側に少量の胸水を認める", "気胸？"]),
        SplitCase(text: "肺结节 12 mm。No change.", sentences: ["肺结节 12 mm", "No change"]),
                SplitCase(text: "", sentences: []),
        SplitCase(text: "  . ", sentences: []),
    ]

    @Test(arguments: cases) func splits(_ testCase: SplitCase) {
        #expect(SentenceSplitter().split(testCase.text) == testCase.sentences)
    }
}

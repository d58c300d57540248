import Testing
@testable import Radiology

@Suite struct SectionSplitterTests {
    @Test func splitsCommonHeaders() {
        let text = """
            INDICATION: Cough.
            COMPARISON: None.
            FINDINGS: No effusion.
            Heart normal.
            IMPRESSION: Normal chest.
            """
        let sections = SectionSplitter().split(text)
        #expect(sections.map(\.kind) == [.indication, .comparison, .findings, .impression])
        #expect(sections[2].text == "No effusion.\nHeart normal.")
        let report = Report(text: text, language: .english)
        #expect(report.imageDescription == "No effusion.\nHeart normal.\nNormal chest.")
    }

    @Test func headersWithoutColonsAndInAnyCase() {
        let sections = SectionSplitter().split("Findings\nLungs clear.\nimpression:\nnormal\nCONCLUSION Normal chest.")
        #expect(sections.map(\.kind) == [.findings, .impression, .conclusion])
        #expect(sections.map(\.text) == ["Lungs clear.", "normal", "Normal chest."])
    }

    @Test func headersInsideOneLine() {
        let sections = SectionSplitter().split("INDICATION: Cough. FINDINGS: No effusion. Heart normal. IMPRESSION: Normal chest.")
        #expect(sections.map(\.kind) == [.indication, .findings, .impression])
        #expect(sections.map(\.text) == ["Cough.", "No effusion. Heart normal.", "Normal chest."])
        // Without a colon, a header word after a period stays text.
        #expect(SectionSplitter().split("Stable. Findings are unchanged.").map(\.kind) == [.preamble])
    }

    @Test func midSentenceWordIsNoHeader() {
        let sections = SectionSplitter().split("The findings are stable.")
        #expect(sections.map(\.kind) == [.preamble])
    }

    @Test func labelerReadsImageDescription() throws {
        let report = Report(text: "HISTORY: pneumonia\nFINDINGS: No pneumonia.", language: .english)
        #expect(try Labeler().labelReport(report.imageDescription)[.pneumonia] == .negative)
        #expect(try Labeler().labelReport(report)[.pneumonia] == .negative) // the history is not read
    }
}

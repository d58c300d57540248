import Foundation
import Testing
import Training

@Suite struct EvalGateTests {
    static let current = ["zero_shot.accuracy": 0.60, "retrieval.t2i.R@10.eng_Latn": 0.40, "retrieval.t2i.R@10.deu_Latn": 0.30,
                          "retrieval.i2t.R@10.eng_Latn": 0.50, "loss": 1.2]

    @Test func aWorseModelIsRefused() throws {
        var candidate = Self.current
        candidate["retrieval.t2i.R@10.deu_Latn"] = 0.25
        let verdict = EvalGate().judge(candidate: candidate, current: Self.current)
        #expect(!verdict.passed)
        #expect(verdict.reasons.count == 1)
        let reason = try #require(verdict.reasons.first)
        #expect(reason.contains("retrieval.t2i.R@10.deu_Latn") && reason.contains("0.2500") && reason.contains("0.3000"))
        let comparison = try #require(verdict.compared["retrieval.t2i.R@10.deu_Latn"])
        #expect(comparison.candidate == 0.25 && comparison.current == 0.30)
        #expect(abs(comparison.delta! + 0.05) < 1e-12)
    }

    @Test func aSmallDropWithinTolerancePasses() {
        var candidate = Self.current
        candidate["zero_shot.accuracy"] = 0.585
        candidate["retrieval.t2i.R@10.eng_Latn"] = 0.38   // exactly the tolerance
        let verdict = EvalGate().judge(candidate: candidate, current: Self.current)
        #expect(verdict.passed)
        #expect(verdict.reasons.isEmpty)
        #expect(Set(verdict.compared.keys) == ["zero_shot.accuracy", "retrieval.t2i.R@10.eng_Latn", "retrieval.t2i.R@10.deu_Latn"])
    }

    @Test func ungatedMetricsMayGetWorse() {
        var candidate = Self.current
        candidate["retrieval.i2t.R@10.eng_Latn"] = 0.1
        candidate["loss"] = 9
        #expect(EvalGate().judge(candidate: candidate, current: Self.current).passed)
    }

    @Test func aLanguageNewInTheCandidateIsIgnored() {
        var candidate = Self.current
        candidate["retrieval.t2i.R@10.zho_Hans"] = 0.0
        let verdict = EvalGate().judge(candidate: candidate, current: Self.current)
        #expect(verdict.passed)
        #expect(verdict.compared["retrieval.t2i.R@10.zho_Hans"] == nil)
    }

    @Test func withNoCurrentModelAnythingPasses() {
        let verdict = EvalGate().judge(candidate: ["zero_shot.accuracy": 0.01], current: nil)
        #expect(verdict.passed)
        #expect(verdict.reasons == ["no current model"])
    }

    @Test func notANumberOrMissingFails() throws {
        var candidate = Self.current
        candidate["zero_shot.accuracy"] = .nan
        candidate["retrieval.t2i.R@10.eng_Latn"] = nil
        let verdict = EvalGate().judge(candidate: candidate, current: Self.current)
        #expect(!verdict.passed)
        #expect(verdict.reasons.count == 2)
        #expect(verdict.compared["zero_shot.accuracy"]?.candidate == nil)
        // A verdict with a NaN candidate still encodes as JSON.
        let decoded = try JSONDecoder().decode(GateVerdict.self, from: JSONEncoder().encode(verdict))
        #expect(decoded == verdict)
    }

    @Test func tolerancesByNameOrPrefix() {
        let gate = EvalGate(defaultTolerance: 0.02, tolerances: ["retrieval.t2i.R@10": 0.1, "retrieval.t2i.R@10.deu_Latn": 0])
        #expect(gate.tolerance(for: "retrieval.t2i.R@10.eng_Latn") == 0.1)
        #expect(gate.tolerance(for: "retrieval.t2i.R@10.deu_Latn") == 0)
        #expect(gate.tolerance(for: "zero_shot.accuracy") == 0.02)
        var candidate = Self.current
        candidate["retrieval.t2i.R@10.eng_Latn"] = 0.31
        #expect(gate.judge(candidate: candidate, current: Self.current).passed)
        candidate["retrieval.t2i.R@10.deu_Latn"] = 0.2999
        #expect(!gate.judge(candidate: candidate, current: Self.current).passed)
    }

    @Test func gatedMetricNames() {
        #expect(EvalGate.isGated("zero_shot.accuracy"))
        #expect(EvalGate.isGated("retrieval.t2i.R@10.spa_Latn"))
        #expect(!EvalGate.isGated("retrieval.t2i.R@1.spa_Latn"))
        #expect(!EvalGate.isGated("retrieval.t2i.R@100.spa_Latn"))
        #expect(!EvalGate.isGated("zero_shot.accuracy.eng_Latn"))
    }
}

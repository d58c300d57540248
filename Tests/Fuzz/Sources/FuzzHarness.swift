import Foundation

/// One fuzzing target: a decoder fed arbitrary bytes. The decoders' contract is to throw
/// `DecodeError` on bad input, so a thrown error is an expected outcome; any trap, crash or
/// sanitizer report is the bug being looked for. `run` rethrows the decoder's error so the replay
/// can show which seeds decode and which are refused (a seed that stops decoding has lost the
/// coverage it was kept for); the libFuzzer entry point drops it.
///
/// Harnesses are looked up by name in `all`, so the libFuzzer entry point, the corpus replay and
/// `Scripts/fuzz.sh` share one list and one spelling (`Tests/Fuzz/Corpus/<name>/` holds the seeds).
struct FuzzHarness: Sendable {
    let name: String
    let run: @Sendable (Data) throws -> Void

    /// Every harness, in the order the replay runs them.
    static let all: [FuzzHarness] = [.plainText, .openI, .png, .jpeg, .jpegCodestream, .dicom, .hl7, .fhir, .configuration, .controlRequest]

    static func named(_ name: String) -> FuzzHarness? { all.first { $0.name == name } }
}

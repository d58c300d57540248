import Foundation
import Formats
import Radiology
import Store

/// Reads, hashes and decodes the files of one study candidate. Files that fail become
/// `FileFailure`s; the rest of the study is still taken (a folder with images but no report is a
/// valid, unpaired study).
struct StudyReader: Sendable {
    var defaultLanguage: LanguageCode
    var limits: ImageLimits
    var maxFileBytes: Int
    var labeler: Labeler
    var deidentifier: Deidentifier?
    var dateShiftSalt: String?
    var sentenceSplitter = SentenceSplitter()

    struct Output: Sendable {
        var study: IncomingStudy
        /// Bytes to put in the blob store before the study's rows commit.
        var blobs: [(hash: ContentHash, bytes: Data)]
        var failures: [FileFailure]
        /// The files decoded, with the size and mtime they had when read.
        var taken: [TakenFile]
        /// The entry changed after the scan that saw it settle: nothing of it is taken.
        var changed = false

        static func changed(_ candidate: StudyCandidate) -> Output {
            Output(study: IncomingStudy(key: candidate.key), blobs: [], failures: [], taken: [], changed: true)
        }
    }

    func read(_ candidate: StudyCandidate, arrivedAt: Date = Date()) -> Output {
        var study = IncomingStudy(key: candidate.key)
        var blobs: [(hash: ContentHash, bytes: Data)] = []
        var failures: [FileFailure] = []
        var taken: [TakenFile] = []
        let reader = SafeFileReader(maxBytes: maxFileBytes)
        let textDecoder = PlainTextReportDecoder()
        let xmlDecoder = OpenIReportDecoder()
        let hl7Decoder = HL7ReportDecoder()
        let fhirDecoder = FHIRReportDecoder()
        let structuredReportDecoder = DICOMStructuredReportDecoder()
        let dicomImageDecoder = DICOMImageDecoder(limits: limits)

        for url in candidate.files {
            let contents: SafeFileReader.Contents
            switch reader.read(url) {
            case .success(let value): contents = value
            case .failure(let failure):
                failures.append(Self.readFailure(failure, url: url, studyKey: candidate.key))
                continue
            }
            let name = url.lastPathComponent
            let partName = candidate.isFolder ? url.path.dropFirst(candidate.source.path.count + 1).description : name
            func fail(_ error: DecodeError) {
                failures.append(FileFailure(url: url, code: error.code.name, stage: "decode", decoder: error.decoder,
                                            reason: error.message, studyKey: candidate.key, bytes: contents.bytes,
                                            size: contents.bytes.count, modifiedAt: contents.modifiedAt))
            }
            guard !contents.bytes.isEmpty else {
                fail(DecodeError(.emptyFile, decoder: "ingest", "the file is empty"))
                continue
            }
            let hash = ContentHash(of: contents.bytes)
            let file = IncomingFile(name: name, originalPath: url.path, size: contents.bytes.count, hash: hash, arrivedAt: arrivedAt)
            // A key the file names (Open-i uId, a Study Instance UID or order number) is the study
            // key of a loose file, the accession of a study folder.
            func adoptKey(_ key: String?) {
                guard let key else { return }
                if candidate.isFolder { study.accession = key } else { study.key = key }
            }
            func addReport(_ decoded: DecodedReport) {
                adoptKey(decoded.studyKey)
                study.reports.append(labeled(IncomingReport(
                    file: file, partName: partName, format: decoded.format, report: decoded.report,
                    terms: decoded.meshTerms.map { ReportTerm(vocabulary: "mesh", term: $0.term, isMajor: $0.isMajor) }),
                    studyKey: study.key))
                study.imageReferences += decoded.imageReferences
            }
            do throws(DecodeError) {
                var kind = FileKind(fileName: name)
                if case .textReport = kind, HL7ReportDecoder.sniff(contents.bytes) { kind = .hl7Report }
                if case .unknown = kind, DICOMFile.hasSignature(contents.bytes) { kind = .dicom }
                let decoded: DecodedReport? = switch kind {
                case .textReport(let declared): try textDecoder.decode(contents.bytes, language: declared ?? defaultLanguage)
                case .openIReport: try xmlDecoder.decode(contents.bytes, defaultLanguage: defaultLanguage)
                case .hl7Report: try hl7Decoder.decode(contents.bytes, defaultLanguage: defaultLanguage)
                case .fhirReport: try fhirDecoder.decode(contents.bytes, defaultLanguage: defaultLanguage)
                case .sidecar, .png, .jpeg, .dicom, .unknown: nil
                }
                switch kind {
                case .textReport, .openIReport, .hl7Report, .fhirReport:
                    if let decoded { addReport(decoded) }
                case .dicom:
                    let dicom = try DICOMFile(parsing: contents.bytes)
                    if dicom.isStructuredReport {
                        addReport(try structuredReportDecoder.decode(dicom, defaultLanguage: defaultLanguage))
                    } else {
                        let image = try dicomImageDecoder.decode(dicom)
                        let attributes = DICOMImageAttributes(dicom.dataSet)
                        adoptKey(attributes.studyKey)
                        study.images.append(IncomingImage(file: file, partName: partName, format: image.format, width: image.width,
                                                          height: image.height, bitsPerSample: image.bitsPerSample,
                                                          photometric: image.photometric, view: attributes.view ?? viewFromFileName(name),
                                                          acquisition: attributes.stored))
                    }
                case .sidecar:
                    guard (try? JSONSerialization.jsonObject(with: contents.bytes)) != nil else {
                        throw DecodeError(.malformedJSON, decoder: "json", "\(name) is not valid JSON")
                    }
                    study.sidecars.append(file)
                case .png, .jpeg, .unknown:
                    let image = try decodeImage(contents.bytes, name: name)
                    study.images.append(IncomingImage(file: file, partName: partName, format: image.format, width: image.width,
                                                      height: image.height, bitsPerSample: image.bitsPerSample,
                                                      photometric: image.photometric, view: viewFromFileName(name)))
                }
                blobs.append((hash, contents.bytes))
                taken.append(TakenFile(path: url.path, size: contents.bytes.count, modifiedAt: contents.modifiedAt))
            } catch {
                fail(error)
            }
        }
        // Checked after every file was read: a rewrite that began before a read shows here as a new
        // size or mtime (the truncation alone moves the mtime), so no prefix of it is stored and no
        // empty read is quarantined. A rewrite that begins after this check is caught by the
        // inbox removal, which only unlinks a file still as it was read.
        if let settled = candidate.settled, EntrySignature.of(candidate.source) != settled { return .changed(candidate) }
        return Output(study: study, blobs: blobs, failures: failures, taken: taken)
    }

    /// The report de-identified (when on), then, in English, with its CheXpert labels. A report in
    /// another language gets its sentences only (unlabeled): it is labeled once its English
    /// translation exists (the pivot).
    private func labeled(_ report: IncomingReport, studyKey: String) -> IncomingReport {
        var labeled = report
        if let deidentifier {
            let scrubbed = deidentifier.scrub(report.report, shiftingDates: dateShiftSalt.map { DateShifter(key: studyKey, salt: $0) })
            labeled.report = scrubbed.report
            labeled.phi = Dictionary(uniqueKeysWithValues: scrubbed.counts.map { ($0.key.rawValue, $0.value) })
        }
        let report = labeled
        if report.report.language == .english {
            labeled.labels = labeler.labelReport(report.report)
            labeled.labelerVersion = Labeler.version
        } else {
            let sentences = sentenceSplitter.split(report.report.imageDescription)
            labeled.labels = ReportLabels(sentences: sentences.map { SentenceLabels(text: $0, labels: ObservationLabels()) },
                                          aggregate: ObservationLabels())
            labeled.labelerVersion = nil
        }
        return labeled
    }

    /// Decodes by content; the name's extension must agree with it (a `.png` that is a JPEG, or
    /// not an image at all, is refused).
    private func decodeImage(_ bytes: Data, name: String) throws(DecodeError) -> DecodedImage {
        let kind = FileKind(fileName: name)
        if PNGDecoder.hasSignature(bytes) {
            guard kind == .png else { throw mismatch(name, actual: "PNG") }
            return try PNGDecoder(limits: limits).decode(bytes)
        }
        if JPEGDecoder.hasSignature(bytes) {
            guard kind == .jpeg else { throw mismatch(name, actual: "JPEG") }
            return try JPEGDecoder(limits: limits).decode(bytes)
        }
        switch kind {
        case .png: throw DecodeError(.notAnImage, decoder: PNGDecoder.name, "the file is named .png but is not a PNG image")
        case .jpeg: throw DecodeError(.notAnImage, decoder: JPEGDecoder.name, "the file is named .jpg but is not a JPEG image")
        case .unknown(let ext):
            throw DecodeError(.unsupportedFormat, decoder: "ingest",
                              ext.isEmpty ? "a file without extension of unknown content" : "no decoder for .\(ext) files")
        default: throw DecodeError(.unsupportedFormat, decoder: "ingest", "not an image")
        }
    }

    private func mismatch(_ name: String, actual: String) -> DecodeError {
        DecodeError(.notAnImage, decoder: "ingest", "the file \(name) holds a \(actual) image under another extension")
    }

    private static func readFailure(_ failure: SafeFileReader.Failure, url: URL, studyKey: String) -> FileFailure {
        switch failure {
        case .symlink: IngestPlanner.symlinkFailure(url, studyKey: studyKey)
        case .notRegular: FileFailure(url: url, code: "not-a-file", stage: "read", reason: "not a regular file", studyKey: studyKey)
        case .tooLarge(let size):
            FileFailure(url: url, code: DecodeError.Code.fileTooLarge.name, stage: "read",
                        reason: "\(size) bytes is over ingest.max_file_bytes", studyKey: studyKey, size: size)
        case .io(let message): FileFailure(url: url, code: "io-error", stage: "read", reason: message, studyKey: studyKey)
        }
    }
}

public import Radiology
public import Store
import Formats

extension Ingestor {
    /// An ingestor with the configuration's language, limits and sizes.
    public init(configuration: Configuration, store: CorpusStore, labeler: Labeler? = nil) throws {
        try self.init(store: store, defaultLanguage: configuration.ingest.defaultLanguage,
                      limits: ImageLimits(maxPixels: configuration.ingest.maxImagePixels, maxSide: configuration.ingest.maxImageSide),
                      maxFileBytes: configuration.ingest.maxFileBytes, labeler: labeler)
        deidentifier = try configuration.deid.makeDeidentifier()
        dateShiftSalt = configuration.deid.shiftDates ? configuration.deid.shiftSalt : nil
    }
}

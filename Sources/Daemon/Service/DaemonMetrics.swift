import Foundation
import Prometheus

/// The daemon's Prometheus metrics (`GET /metrics`): counters recorded as events happen, gauges
/// refreshed from the daemon's state when scraped, and the search latency histogram.
///
/// One registry per daemon (not the process-global swift-metrics bootstrap), so daemons started by
/// tests in one process do not share counters.
public final class DaemonMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    let filesTaken: Counter
    let studiesCommitted: Counter
    let quarantined: Counter
    let duplicates: Counter
    let batches: Counter
    let deltas: Counter
    let inboxBacklog: Gauge
    let corpusVersion: Gauge
    let translationPending: Gauge
    let trainingRunning: Gauge
    let indexImageRows: Gauge
    let indexTextRows: Gauge
    let indexDeltas: Gauge
    let indexCorpusVersion: Gauge
    let searchLatency: DurationHistogram
    let deltaLatency: DurationHistogram

    public init() {
        filesTaken = registry.makeCounter(descriptor: Self.name("ingest_files", "total", "Inbox files taken (stored, duplicate or quarantined)."))
        studiesCommitted = registry.makeCounter(descriptor: Self.name("ingest_studies", "total", "Studies committed to the store."))
        quarantined = registry.makeCounter(descriptor: Self.name("quarantined", "total", "Files sent to quarantine."))
        duplicates = registry.makeCounter(descriptor: Self.name("ingest_duplicates", "total", "Files whose bytes were already stored."))
        batches = registry.makeCounter(descriptor: Self.name("ingest_batches", "total", "Ingest batches committed."))
        deltas = registry.makeCounter(descriptor: Self.name("index_deltas_written", "total", "Delta segments appended to the current index."))
        inboxBacklog = registry.makeGauge(descriptor: Self.name("inbox_backlog", "", "Files waiting in the inbox."))
        corpusVersion = registry.makeGauge(descriptor: Self.name("corpus_version", "", "Newest corpus version."))
        translationPending = registry.makeGauge(descriptor: Self.name("translation_pending", "", "Sentence translations waiting for the engine."))
        trainingRunning = registry.makeGauge(descriptor: Self.name("training_running", "", "1 while a training run is in progress."))
        indexImageRows = registry.makeGauge(descriptor: Self.name("index_rows", "", "Live rows of the current index."), labels: [("modality", "image")])
        indexTextRows = registry.makeGauge(descriptor: Self.name("index_rows", "", "Live rows of the current index."), labels: [("modality", "text")])
        indexDeltas = registry.makeGauge(descriptor: Self.name("index_delta_segments", "", "Delta segments of the current index."))
        indexCorpusVersion = registry.makeGauge(descriptor: Self.name("index_corpus_version", "", "Corpus version the current index covers."))
        let buckets: [Duration] = [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                   .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(500),
                                   .seconds(1), .seconds(2), .seconds(5)]
        searchLatency = registry.makeDurationHistogram(descriptor: Self.name("search_duration", "seconds", "Search requests: embedding the query and searching the index."), buckets: buckets)
        deltaLatency = registry.makeDurationHistogram(descriptor: Self.name("index_delta_duration", "seconds", "Writing a delta segment: diff, embed, write."), buckets: buckets)
    }

    /// `m3clip_<name>_<unit>`.
    static func name(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "m3clip", metricName: name, unitName: unit, helpText: help)
    }

    /// Sets the gauges that mirror the daemon's state (before a scrape).
    func refresh(_ snapshot: DaemonState.Snapshot, translationPending: Int?) {
        inboxBacklog.set(Double(snapshot.inboxBacklog))
        corpusVersion.set(Double(snapshot.corpusVersion))
        trainingRunning.set(snapshot.training.hasPrefix("running") ? 1.0 : 0.0)
        if let translationPending { self.translationPending.set(Double(translationPending)) }
    }

    /// Sets the gauges of the current index.
    func recordIndex(images: Int, texts: Int, deltas: Int, corpusVersion: Int) {
        indexImageRows.set(Double(images))
        indexTextRows.set(Double(texts))
        indexDeltas.set(Double(deltas))
        indexCorpusVersion.set(Double(corpusVersion))
    }

    func recordSearch(_ duration: Duration) { searchLatency.record(duration) }

    func recordDelta(_ duration: Duration) {
        deltas.increment()
        deltaLatency.record(duration)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }

    /// Counts a committed ingest batch.
    func recordBatch(files: Int, studies: Int, quarantined newQuarantined: Int, duplicates newDuplicates: Int) {
        filesTaken.increment(by: Int64(files))
        studiesCommitted.increment(by: Int64(studies))
        quarantined.increment(by: Int64(newQuarantined))
        duplicates.increment(by: Int64(newDuplicates))
        batches.increment()
    }
}

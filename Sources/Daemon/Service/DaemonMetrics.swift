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
        filesTaken = registry.makeCounter(name: "m3clip_ingest_files_total", help: "Inbox files taken (stored, duplicate or quarantined).")
        studiesCommitted = registry.makeCounter(name: "m3clip_ingest_studies_total", help: "Studies committed to the store.")
        quarantined = registry.makeCounter(name: "m3clip_quarantined_total", help: "Files sent to quarantine.")
        duplicates = registry.makeCounter(name: "m3clip_ingest_duplicates_total", help: "Files whose bytes were already stored.")
        batches = registry.makeCounter(name: "m3clip_ingest_batches_total", help: "Ingest batches committed.")
        deltas = registry.makeCounter(name: "m3clip_index_deltas_written_total", help: "Delta segments appended to the current index.")
        inboxBacklog = registry.makeGauge(name: "m3clip_inbox_backlog", help: "Files waiting in the inbox.")
        corpusVersion = registry.makeGauge(name: "m3clip_corpus_version", help: "Newest corpus version.")
        translationPending = registry.makeGauge(name: "m3clip_translation_pending", help: "Sentence translations waiting for the engine.")
        trainingRunning = registry.makeGauge(name: "m3clip_training_running", help: "1 while a training run is in progress.")
        indexImageRows = registry.makeGauge(name: "m3clip_index_rows", labels: [("modality", "image")], help: "Live rows of the current index.")
        indexTextRows = registry.makeGauge(name: "m3clip_index_rows", labels: [("modality", "text")], help: "Live rows of the current index.")
        indexDeltas = registry.makeGauge(name: "m3clip_index_delta_segments", help: "Delta segments of the current index.")
        indexCorpusVersion = registry.makeGauge(name: "m3clip_index_corpus_version", help: "Corpus version the current index covers.")
        let buckets: [Duration] = [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                   .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(500),
                                   .seconds(1), .seconds(2), .seconds(5)]
        searchLatency = registry.makeDurationHistogram(name: "m3clip_search_duration_seconds", buckets: buckets,
                                                       help: "Search requests: embedding the query and searching the index.")
        deltaLatency = registry.makeDurationHistogram(name: "m3clip_index_delta_duration_seconds", buckets: buckets,
                                                      help: "Writing a delta segment: diff, embed, write.")
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

import Foundation

/// Spaces requests to one endpoint: at most `requestsPerMinute` (0: no limit), and none while the
/// server has asked everyone to wait (a 429's Retry-After pauses every worker, not just the one
/// that was told).
public actor RequestPacer {
    private let interval: Double
    private var nextSlot: Double = 0
    private var pausedUntil: Double = 0

    public init(requestsPerMinute: Double) {
        interval = requestsPerMinute > 0 ? 60 / requestsPerMinute : 0
    }

    private static func now() -> Double { Date().timeIntervalSinceReferenceDate }

    /// Waits for this request's turn.
    public func waitForTurn() async {
        let slot = max(Self.now(), nextSlot, pausedUntil)
        nextSlot = slot + interval
        let wait = slot - Self.now()
        if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
    }

    /// Holds every request back for `seconds` from now.
    public func pause(seconds: Double) {
        pausedUntil = max(pausedUntil, Self.now() + seconds)
    }
}

import Testing
@testable import Daemon

@Suite struct InboxTrackerTests {
    private static func signature(_ bytes: Int, at modified: Int64) -> EntrySignature {
        EntrySignature(files: 1, bytes: bytes, modified: modified)
    }

    @Test func anEntryIsReadyOnceItsSignatureHoldsForTheSettleTime() {
        var tracker = InboxTracker(settleSeconds: 2)
        tracker.observe(["a.txt": Self.signature(10, at: 1)], now: 100)
        #expect(tracker.ready(now: 101.9).isEmpty)
        tracker.observe(["a.txt": Self.signature(20, at: 2)], now: 101.9)   // still growing: the clock restarts
        #expect(tracker.ready(now: 103).isEmpty)
        #expect(tracker.ready(now: 103.9) == ["a.txt"])
        #expect(tracker.nextDeadline() == 103.9)
    }

    @Test func aRenamedEntryIsReadyAtOnce() {
        var tracker = InboxTracker(settleSeconds: 2)
        tracker.noteMovedIn("b")
        tracker.observe(["b": Self.signature(10, at: 1)], now: 100)
        #expect(tracker.ready(now: 100) == ["b"])
    }

    @Test func aLeftBehindEntryWaitsForAChangeButAChangedOneSettlesAgain() {
        var tracker = InboxTracker(settleSeconds: 2)
        let unreadable = Self.signature(10, at: 1), rewritten = Self.signature(5, at: 3)
        tracker.observe(["unreadable": unreadable, "rewritten": Self.signature(10, at: 1)], now: 100)
        #expect(tracker.ready(now: 102).sorted() == ["rewritten", "unreadable"])
        // The batch could not take `unreadable`; it found `rewritten` changed since the scan.
        tracker.finished(["unreadable", "rewritten"], remaining: ["unreadable": unreadable, "rewritten": rewritten], changed: ["rewritten"])
        tracker.observe(["unreadable": unreadable, "rewritten": rewritten], now: 102.5)
        #expect(tracker.ready(now: 104.5) == ["rewritten"], "taken once its new signature holds; the unreadable one waits for a change")
        tracker.observe(["unreadable": Self.signature(11, at: 4), "rewritten": rewritten], now: 105)
        #expect(tracker.ready(now: 107).sorted() == ["rewritten", "unreadable"])
    }
}

import Foundation

/// Moves dates by a fixed number of days instead of replacing them (`[deid] shift_dates`): the
/// intervals between a study's dates stay true (comparison 3 months ago stays 3 months ago) while
/// the calendar dates no longer identify anyone. Keeps the written form: `03/12/2024` (month first
/// with `/`), `12.03.2024` (day first with `.`), `2024-03-12`, `March 12, 2024`, `12 March 2024`.
public struct DateShifter: Sendable, Equatable {
    public let days: Int

    public init(days: Int) { self.days = days }

    /// A shift of 30…365 days, earlier or later, fixed by `key` (the study) and `salt` (a secret
    /// of the installation, so the shift cannot be recomputed from the key alone).
    public init(key: String, salt: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (salt + "\u{0}" + key).utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let magnitude = 30 + Int(hash % 336)
        days = hash & (1 << 40) == 0 ? magnitude : -magnitude
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private func shifted(year: Int, month: Int, day: Int) -> (year: Int, month: Int, day: Int)? {
        guard (1...12).contains(month), (1...31).contains(day),
              let date = Self.calendar.date(from: DateComponents(year: year, month: month, day: day)),
              let moved = Self.calendar.date(byAdding: .day, value: days, to: date) else { return nil }
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: moved)
        return (parts.year!, parts.month!, parts.day!)
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                     "October", "November", "December"]

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// A numeric date's three digit groups and its separator, shifted in the same form.
    func shift(numeric groups: [Int], lengths: [Int], separator: UInt8) -> String? {
        let s = String(UnicodeScalar(separator))
        func year(_ value: Int, _ length: Int) -> Int { length == 2 ? (value < 50 ? 2000 + value : 1900 + value) : value }
        func yearText(_ value: Int, _ length: Int) -> String { length == 2 ? Self.two(value % 100) : "\(value)" }
        if lengths[0] == 4 {
            guard let d = shifted(year: groups[0], month: groups[1], day: groups[2]) else { return nil }
            return "\(d.year)\(s)\(Self.two(d.month))\(s)\(Self.two(d.day))"
        }
        let dayFirst = separator == 0x2E
        let (month, day) = dayFirst ? (groups[1], groups[0]) : (groups[0], groups[1])
        guard let d = shifted(year: year(groups[2], lengths[2]), month: month, day: day) else { return nil }
        let first = dayFirst ? d.day : d.month, second = dayFirst ? d.month : d.day
        return "\(Self.two(first))\(s)\(Self.two(second))\(s)\(yearText(d.year, lengths[2]))"
    }

    /// A written date (`March 12, 2024`, `12 March`): the month word keeps its language's form only
    /// in English; other languages get the English month name.
    func shift(day: Int, month: Int, year: Int?, dayFirst: Bool) -> String? {
        guard let d = shifted(year: year ?? 2001, month: month, day: day) else { return nil }
        let name = Self.monthNames[d.month - 1]
        let yearText = year.map { _ in " \(d.year)" } ?? ""
        return dayFirst ? "\(d.day) \(name)\(yearText)" : "\(name) \(d.day)\(year == nil ? "" : ",")\(yearText)"
    }
}

public import Radiology
/// A grid of phantoms for a person to look at: one finding per row, in `ContactSheet.rows` order
/// (No Finding first, then CheXpert order). With the default four columns they show the finding
/// severe, moderate, mild and uncertain (borderline), each from a different seed; with more
/// columns the severities repeat. No Finding's row shows normal films.
public struct ContactSheet: Sendable {
    /// Row order of the sheet.
    public static let rows: [Finding] = Finding.allCases

    public let width: Int
    public let height: Int
    /// 8-bit grey, row-major.
    public let pixels: [UInt8]

    /// - Parameters:
    ///   - tile: edge of each tile in pixels; phantoms are rendered at twice this and averaged down.
    ///   - columns: tiles per row; the last one shows the uncertain drawing.
    ///   - seed: first seed; tile (row r, column c) uses `seed + 100·r + c`.
    public init(tile: Int = 256, columns: Int = 4, seed: UInt64 = 1) {
        precondition(tile >= 32 && columns >= 2)
        let gap = 4
        let width = columns * tile + (columns + 1) * gap
        let height = Self.rows.count * tile + (Self.rows.count + 1) * gap
        var sheet = [UInt8](repeating: 255, count: width * height)
        for (r, finding) in Self.rows.enumerated() {
            for c in 0..<columns {
                var labels = FindingLabels()
                if finding != .noFinding {
                    labels[finding] = c == columns - 1 ? .uncertain : .positive
                }
                let severity: Severity = [.severe, .moderate, .mild][c % 3]
                let phantom = Phantom(labels: labels.normalised(), seed: seed &+ UInt64(100 * r + c),
                                      width: 2 * tile, height: 2 * tile, severities: [finding: severity])
                let x0 = gap + c * (tile + gap), y0 = gap + r * (tile + gap)
                phantom.pixels.withUnsafeBufferPointer { p in
                    for y in 0..<tile {
                        for x in 0..<tile {
                            let i = 2 * y * 2 * tile + 2 * x
                            let sum = Int(p[i]) + Int(p[i + 1]) + Int(p[i + 2 * tile]) + Int(p[i + 2 * tile + 1])
                            sheet[(y0 + y) * width + x0 + x] = UInt8(sum >> 10)
                        }
                    }
                }
            }
        }
        self.width = width
        self.height = height
        pixels = sheet
    }
}

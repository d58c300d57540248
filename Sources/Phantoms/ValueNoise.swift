/// Smooth random texture (bilinear value noise on a coarse grid, two octaves) for the patchy,
/// uneven edges of opacities.
struct ValueNoise {
    private let cells: Int
    private let values: [Float]

    init(random: inout RandomSource, cells: Int = 24) {
        self.cells = cells
        values = (0..<((cells + 1) * (cells + 1))).map { _ in Float(random.unit()) }
    }

    /// A value in 0…1 at normalised coordinates.
    func callAsFunction(_ x: Double, _ y: Double) -> Float {
        0.65 * octave(x, y) + 0.35 * octave(x * 2.3 + 0.37, y * 2.3 + 0.11)
    }

    /// One octave only: cheaper, for whole-lung textures.
    func coarse(_ x: Double, _ y: Double) -> Float { octave(x, y) }

    private func octave(_ x: Double, _ y: Double) -> Float {
        // Wrap into [0, 1) (the texture tiles), then onto the grid.
        let gx = (x - x.rounded(.down)) * Double(cells), gy = (y - y.rounded(.down)) * Double(cells)
        let ix = max(0, min(cells - 1, Int(gx))), iy = max(0, min(cells - 1, Int(gy)))
        var fx = Float(gx - Double(ix)), fy = Float(gy - Double(iy))
        fx = fx * fx * (3 - 2 * fx)
        fy = fy * fy * (3 - 2 * fy)
        let n = cells + 1
        let v00 = values[iy * n + ix], v10 = values[iy * n + ix + 1]
        let v01 = values[(iy + 1) * n + ix], v11 = values[(iy + 1) * n + ix + 1]
        let top = v00 + (v10 - v00) * fx, bottom = v01 + (v11 - v01) * fx
        return top + (bottom - top) * fy
    }
}

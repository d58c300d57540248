/// The decoded samples of every frame component, one plane each, in a single allocation so a scan
/// decoder can write all of its components through one pointer.
///
/// Planes are padded to whole MCUs (T.81 A.2.4): an interleaved scan codes the dummy samples
/// or blocks past the right and bottom edges, and writing them into real memory keeps the inner
/// loops free of edge tests. `samples` crops the padding and replicates subsampled components to
/// full size while interleaving.
struct JPEGComponentPlanes {
    struct Plane {
        let offset: Int
        /// Samples per row in memory (padded).
        let stride: Int
        /// Rows in memory (padded).
        let rows: Int
        /// The component's real size (T.81 A.1.1).
        let width: Int
        let height: Int
    }

    let planes: [Plane]
    var storage: [UInt16]
    /// Which components a scan has decoded so far.
    var decoded: [Bool]

    /// `unit` is the size of a data unit: 1 sample for lossless, an 8×8 block for DCT.
    init(frame: JPEGFrameHeader, unit: Int) {
        let mcuWidth = frame.maxHorizontal * unit, mcuHeight = frame.maxVertical * unit
        let mcuColumns = (frame.width + mcuWidth - 1) / mcuWidth
        let mcuRows = (frame.height + mcuHeight - 1) / mcuHeight
        var planes: [Plane] = []
        var total = 0
        for component in frame.components {
            // A single-component frame codes each data unit as its own MCU, whatever the factors.
            let stride = frame.components.count == 1
                ? (frame.width + unit - 1) / unit * unit : mcuColumns * component.horizontal * unit
            let rows = frame.components.count == 1
                ? (frame.height + unit - 1) / unit * unit : mcuRows * component.vertical * unit
            planes.append(Plane(offset: total, stride: stride, rows: rows,
                                width: frame.width(of: component), height: frame.height(of: component)))
            total += stride * rows
        }
        self.planes = planes
        storage = Array(repeating: 0, count: total)
        decoded = Array(repeating: false, count: planes.count)
    }

    /// The frame's samples pixel-interleaved at full size, each shifted left by its component's
    /// point transform and masked to the frame precision.
    func samples(frame: JPEGFrameHeader, shifts: [Int]) -> PixelSamples {
        let width = frame.width, height = frame.height, count = frame.components.count
        let mask = UInt16(truncatingIfNeeded: (1 << frame.precision) - 1)
        var values = [UInt16](repeating: 0, count: width * height * count)
        values.withUnsafeMutableBufferPointer { output in
            storage.withUnsafeBufferPointer { source in
                guard let out = output.baseAddress, let base = source.baseAddress else { return }
                for (index, plane) in planes.enumerated() {
                    let component = frame.components[index]
                    let shift = UInt16(shifts[index])
                    let fullSize = component.horizontal == frame.maxHorizontal && component.vertical == frame.maxVertical
                    for y in 0..<height {
                        let sourceRow = fullSize ? y : y * component.vertical / frame.maxVertical
                        let row = base + plane.offset + sourceRow * plane.stride
                        var target = out + (y * width * count + index)
                        if fullSize {
                            for x in 0..<width {
                                target.pointee = (row[x] &<< shift) & mask
                                target += count
                            }
                        } else {
                            for x in 0..<width {
                                target.pointee = (row[x * component.horizontal / frame.maxHorizontal] &<< shift) & mask
                                target += count
                            }
                        }
                    }
                }
            }
        }
        return PixelSamples(width: width, height: height, components: count, precision: frame.precision, values: values)
    }
}

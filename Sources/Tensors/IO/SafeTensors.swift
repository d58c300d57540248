public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A safetensors file (Hugging Face format: 8-byte little-endian header length, a JSON header
/// mapping names to `dtype`, `shape` and `data_offsets`, an optional `__metadata__` object of
/// strings, then the raw little-endian data), opened memory-mapped.
///
/// Reading converts F32, F16 and BF16 to float32 ``Tensor``s and returns I64 as `[Int64]`;
/// only the tensors asked for are copied out of the mapping. Writing supports F32 and F16 and
/// keeps the metadata (DESIGN.md §3: `model.safetensors` in a checkpoint).
public struct SafeTensors {
    /// Element types in a safetensors file.
    public enum DType: String, Sendable {
        case f32 = "F32", f16 = "F16", bf16 = "BF16", i64 = "I64"
        case f64 = "F64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

        var size: Int {
            switch self {
            case .f64, .i64: 8
            case .f32, .i32: 4
            case .f16, .bf16, .i16: 2
            case .i8, .u8, .bool: 1
            }
        }
    }

    /// One tensor's header entry.
    public struct Entry: Sendable {
        public let dtype: DType
        public let shape: [Int]
        let begin: Int, end: Int
    }

    /// The `__metadata__` strings (empty when absent).
    public let metadata: [String: String]
    /// Header entries by name.
    public let entries: [String: Entry]
    /// Names in file order (by data offset).
    public let names: [String]
    private let file: MappedFile

    /// Opens and validates `url` (header, dtypes, offsets); tensor data is read lazily.
    public init(contentsOf url: URL) throws {
        let file = try MappedFile(path: url.path)
        self.file = file
        let n = file.count
        guard n >= 8 else { throw SafeTensorsError("\(url.lastPathComponent): \(n) bytes is too short for a safetensors file") }
        let headerLength = UInt64(littleEndian: UnsafeRawPointer(file.base).loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(n - 8) else {
            throw SafeTensorsError("\(url.lastPathComponent): header length \(headerLength) exceeds file size \(n)")
        }
        let headerData = Data(bytes: file.base + 8, count: Int(headerLength))
        guard let json = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw SafeTensorsError("\(url.lastPathComponent): header is not a JSON object")
        }
        let dataStart = 8 + Int(headerLength)
        let dataSize = n - dataStart
        var meta: [String: String] = [:]
        var entries: [String: Entry] = [:]
        for (name, value) in json {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw SafeTensorsError("__metadata__ is not an object") }
                for (k, v) in m {
                    guard let s = v as? String else { throw SafeTensorsError("__metadata__[\(k)] is not a string") }
                    meta[k] = s
                }
                continue
            }
            guard let e = value as? [String: Any], let ds = e["dtype"] as? String,
                  let shape = (e["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  let offs = (e["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }), offs.count == 2
            else { throw SafeTensorsError("\(name): malformed header entry") }
            guard let dtype = DType(rawValue: ds) else { throw SafeTensorsError("\(name): unsupported dtype \(ds)") }
            guard offs[0] >= 0, offs[0] <= offs[1], offs[1] <= dataSize else {
                throw SafeTensorsError("\(name): data offsets \(offs) outside the \(dataSize)-byte data section")
            }
            guard shape.allSatisfy({ $0 >= 0 }), Shape.count(shape) * dtype.size == offs[1] - offs[0] else {
                throw SafeTensorsError("\(name): shape \(shape) of \(ds) needs \(Shape.count(shape) * dtype.size) bytes, offsets give \(offs[1] - offs[0])")
            }
            entries[name] = Entry(dtype: dtype, shape: shape, begin: dataStart + offs[0], end: dataStart + offs[1])
        }
        self.metadata = meta
        self.entries = entries
        self.names = entries.keys.sorted { (entries[$0]!.begin, $0) < (entries[$1]!.begin, $1) }
    }

    /// The tensor `name` as float32 (F32, F16 and BF16 are converted).
    public func tensor(_ name: String) throws -> Tensor {
        guard let e = entries[name] else { throw SafeTensorsError("no tensor named \(name)") }
        let count = Shape.count(e.shape)
        let t = Tensor(uninitialized: e.shape)
        let src = UnsafeRawPointer(file.base + e.begin)
        switch e.dtype {
        case .f32:
            UnsafeMutableRawPointer(t.ptr).copyMemory(from: src, byteCount: count * 4)
        case .f16:
            for i in 0..<count {
                t.ptr[i] = Float(Float16(bitPattern: UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
            }
        case .bf16:
            for i in 0..<count {
                let b = UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                t.ptr[i] = Float(bitPattern: UInt32(b) << 16)
            }
        default:
            throw SafeTensorsError("\(name): dtype \(e.dtype.rawValue) is not a float type (use int64s(_:) for I64)")
        }
        return t
    }

    /// The I64 tensor `name` (e.g. position ids), row-major.
    public func int64s(_ name: String) throws -> [Int64] {
        guard let e = entries[name] else { throw SafeTensorsError("no tensor named \(name)") }
        guard e.dtype == .i64 else { throw SafeTensorsError("\(name): dtype \(e.dtype.rawValue) is not I64") }
        let src = UnsafeRawPointer(file.base + e.begin)
        return (0..<Shape.count(e.shape)).map { Int64(littleEndian: src.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self)) }
    }

    /// Element types a file can be written in.
    public enum WriteType: Sendable { case f32, f16 }

    /// Writes `tensors` (in the order given) with `metadata` to `url` atomically (temporary file,
    /// then rename). F16 rounds to nearest.
    public static func write(_ tensors: [(String, Tensor)], metadata: [String: String] = [:], as type: WriteType = .f32,
                             to url: URL) throws {
        precondition(Set(tensors.map(\.0)).count == tensors.count, "SafeTensors.write: duplicate tensor names")
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let size = type == .f32 ? 4 : 2
        for (name, t) in tensors {
            precondition(name != "__metadata__", "SafeTensors.write: __metadata__ is reserved")
            header[name] = ["dtype": type == .f32 ? "F32" : "F16", "shape": t.shape, "data_offsets": [offset, offset + t.count * size]]
            offset += t.count * size
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for (_, t) in tensors {
            switch type {
            case .f32:
                t.withUnsafeBufferPointer { out.append(UnsafeBufferPointer(start: $0.baseAddress, count: $0.count)) }
            case .f16:
                var half = [UInt16](repeating: 0, count: t.count)
                for i in 0..<t.count { half[i] = Float16(t.ptr[i]).bitPattern.littleEndian }
                half.withUnsafeBufferPointer { out.append($0) }
            }
        }
        try out.write(to: url, options: .atomic)
    }

    /// Writes named tensors sorted by name.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], as type: WriteType = .f32, to url: URL) throws {
        try write(tensors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, metadata: metadata, as: type, to: url)
    }
}

/// A safetensors file that cannot be read, with what is wrong.
public struct SafeTensorsError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A read-only private memory mapping of a whole file.
final class MappedFile {
    let base: UnsafeMutablePointer<UInt8>
    let count: Int

    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SafeTensorsError("\(path): cannot open (errno \(errno))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SafeTensorsError("\(path): cannot stat (errno \(errno))") }
        count = Int(st.st_size)
        if count == 0 {
            base = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
            return
        }
        guard let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw SafeTensorsError("\(path): mmap failed (errno \(errno))")
        }
        base = p.assumingMemoryBound(to: UInt8.self)
    }

    deinit {
        if count == 0 { base.deallocate() } else { munmap(base, count) }
    }
}

public import Foundation

/// Decodes a radiograph by its content: PNG, JPEG or DICOM bytes, whatever the file is called
/// (ingest, which also checks the name against the content, has its own rule).
public enum ImageDecoder {
    public static func decode(_ data: Data, limits: ImageLimits = ImageLimits()) throws(DecodeError) -> DecodedImage {
        if PNGDecoder.hasSignature(data) { return try PNGDecoder(limits: limits).decode(data) }
        if JPEGDecoder.hasSignature(data) { return try JPEGDecoder(limits: limits).decode(data) }
        if DICOMImageDecoder.hasSignature(data) { return try DICOMImageDecoder(limits: limits).decode(data) }
        throw DecodeError(.unsupportedImage, decoder: "image", "neither PNG, JPEG nor DICOM")
    }
}

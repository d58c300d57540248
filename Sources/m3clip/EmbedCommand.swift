import ArgumentParser
import Foundation
import Formats
import Models
import Tensors

/// `m3clip embed`: one text or one image through a checkpoint, printing its normalised
/// embedding, or with `--encoder-output` the pooled encoder output before projection (then the
/// folder may also be a plain Hugging Face XLM-R or Swin folder, so any checkpoint can be checked
/// against PyTorch).
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print the embedding of one text or image.",
        discussion: """
            --model is an m3clip checkpoint folder (config.json, model.safetensors, tokenizer, \
            training.json) or, with --encoder-output, a Hugging Face encoder folder (config.json \
            with model_type xlm-roberta or swin, model.safetensors, and tokenizer.json for text).
            Images (PNG or JPEG, grey or colour → grey) are padded to a square, resized to the \
            encoder's input size unless already at it, normalised with MedCLIP's mean and std and \
            repeated to 3 channels.
            Output: the vector's values on one line, or with --json {"vector": [...]}.
            --lang (a FLORES-200 code such as deu_Latn) is checked but does not change the vector: \
            XLM-R takes no language tag.
            """)

    @Option(help: "Checkpoint or Hugging Face encoder folder.")
    var model: String

    @Option(help: "Text to embed.")
    var text: String?

    @Option(help: "The text's language (FLORES-200 code, e.g. eng_Latn).")
    var lang: String?

    @Option(help: "Image file (PNG or JPEG) to embed.")
    var image: String?

    @Flag(help: "Print {\"vector\": [...]}.")
    var json = false

    @Flag(name: .customLong("encoder-output"), help: "Print the pooled encoder output before projection and normalisation.")
    var encoderOutput = false

    @Option(help: "Text pooling: medclip or cls (default: the checkpoint's, medclip for a plain encoder).")
    var pooling: String?

    func validate() throws {
        guard (text == nil) != (image == nil) else { throw ValidationError("give exactly one of --text or --image") }
        if let lang, lang.range(of: #"^[a-z]{3}_[A-Z][a-z]{3}$"#, options: .regularExpression) == nil {
            throw ValidationError("--lang \(lang) is not a FLORES-200 code such as eng_Latn")
        }
        if image != nil && pooling != nil { throw ValidationError("--pooling applies to --text only") }
        if let pooling, TextPooling(rawValue: pooling) == nil {
            throw ValidationError("--pooling must be one of \(TextPooling.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: model)
        let vector: Tensor
        do {
            if try Self.modelType(folder) == "m3clip" {
                vector = try embed(with: try Checkpoint.load(from: folder))
            } else {
                guard encoderOutput else {
                    throw CheckpointError("\(model) is a plain encoder folder: add --encoder-output (it has no projection head)")
                }
                vector = try embed(with: try EncoderFolder.load(from: folder))
            }
        } catch let error as CheckpointError {
            printError("m3clip: \(error)")
            throw ExitCode.failure
        } catch let error as DecodeError {
            printError("m3clip: \(image ?? ""): \(error)")
            throw ExitCode.failure
        }
        let values = vector.scalars
        if json {
            try printJSON(["vector": values])
        } else {
            print(values.map { "\($0)" }.joined(separator: " "))
        }
    }

    static func modelType(_ folder: URL) throws -> String? {
        let url = folder.appendingPathComponent("config.json")
        guard let data = try? Data(contentsOf: url) else { throw CheckpointError("cannot read \(url.path)") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw CheckpointError("\(url.path) is not a JSON object")
        }
        return object["model_type"] as? String
    }

    /// The `--pooling` choice (validated).
    var textPooling: TextPooling? { pooling.flatMap(TextPooling.init(rawValue:)) }

    func embed(with checkpoint: Checkpoint) throws -> Tensor {
        let m = checkpoint.model
        if let text {
            let batch = checkpoint.tokenizer.batch([text], maxLength: m.config.maxTextLength)
            if encoderOutput { return (textPooling ?? m.config.textPooling)(m.text(batch)) }
            if let pooling = textPooling, pooling != m.config.textPooling {
                throw CheckpointError("--pooling \(pooling.rawValue) differs from the checkpoint's \(m.config.textPooling.rawValue) projection")
            }
            return m.encodeText(batch)
        }
        let pixels = try loadImage(ImagePreprocessor(config: m.config))
        return encoderOutput ? m.vision(pixels).pooled : m.encodeImage(pixels)
    }

    func embed(with encoder: EncoderFolder) throws -> Tensor {
        switch encoder {
        case .text(let model, let tokenizer):
            guard let text else { throw CheckpointError("\(self.model) is a text encoder: give --text") }
            let batch = tokenizer.batch([text], maxLength: model.config.maxSequenceLength)
            return (textPooling ?? .medclip)(model(batch))
        case .image(let model):
            guard image != nil else { throw CheckpointError("\(self.model) is an image encoder: give --image") }
            let c = model.config
            return model(try loadImage(ImagePreprocessor(size: c.imageSize, channels: c.numChannels))).pooled
        }
    }

    func loadImage(_ preprocessor: ImagePreprocessor) throws -> Tensor {
        let path = image ?? ""
        guard let data = FileManager.default.contents(atPath: path) else { throw CheckpointError("cannot read \(path)") }
        let decoded = try ImageDecoder.decode(data)
        return preprocessor(grey: decoded.pixels.normalized(), width: decoded.width, height: decoded.height)
    }
}

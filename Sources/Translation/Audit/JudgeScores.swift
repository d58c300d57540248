import Foundation

/// One judge's (or one reviewer's) scores for a translation: accuracy, fluency and contextual
/// consistency, each 1–5, and the judge's one-line reason.
public struct JudgeScores: Sendable, Equatable, Codable {
    public var accuracy: Int
    public var fluency: Int
    public var consistency: Int
    public var reason: String

    public init(accuracy: Int, fluency: Int, consistency: Int, reason: String = "") {
        self.accuracy = accuracy
        self.fluency = fluency
        self.consistency = consistency
        self.reason = reason
    }

    /// Longest reason kept (a judge that ignores "one short sentence" does not fill the store).
    public static let maxReasonLength = 300

    /// Reads the judge's answer: the first JSON object in `content` (models wrap it in prose or a
    /// code fence), with integer scores 1–5 (`4` or `4.0`; a string `"4"` too, which small models
    /// write) and an optional string reason. Throws a message saying what was wrong.
    public static func parse(_ content: String) throws(JudgeOutputError) -> JudgeScores {
        let objects = jsonObjects(in: content)
        guard !objects.isEmpty else {
            throw JudgeOutputError("no JSON object in the answer: \(content.prefix(120).debugDescription)")
        }
        // The first object with the rubric's shape (a model may echo an example or add a note first).
        var firstError: JudgeOutputError?
        for object in objects {
            do {
                let answer = try JSONDecoder().decode(Answer.self, from: object)
                let reason = (answer.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                return JudgeScores(accuracy: answer.accuracy.value, fluency: answer.fluency.value, consistency: answer.consistency.value,
                                   reason: String(reason.prefix(maxReasonLength)))
            } catch let error as JudgeOutputError {
                firstError = firstError ?? error
            } catch {
                firstError = firstError ?? JudgeOutputError("the answer's JSON has the wrong shape: \(error)")
            }
        }
        throw firstError!
    }

    /// The answer as the rubric asks for it.
    private struct Answer: Decodable {
        var accuracy: Score
        var fluency: Score
        var consistency: Score
        var reason: String?
    }

    /// A score written as 4, 4.0 or "4"; true/false and anything outside 1–5 are errors.
    private struct Score: Decodable {
        var value: Int
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let number: Double
            if let double = try? container.decode(Double.self) {
                number = double
            } else if let text = try? container.decode(String.self), let parsed = Double(text.trimmingCharacters(in: .whitespaces)) {
                number = parsed
            } else {
                throw JudgeOutputError("\(decoder.codingPath.last?.stringValue ?? "a score") is not a number")
            }
            guard number.rounded() == number, (1...5).contains(number) else {
                throw JudgeOutputError("\(decoder.codingPath.last?.stringValue ?? "a score") \(number) is not a whole score from 1 to 5")
            }
            value = Int(number)
        }
    }

    /// Every balanced `{…}` in `text` that parses as a JSON object, in order, not nested in one
    /// another (strings and escapes are respected while balancing, so a brace inside the reason
    /// does not end it).
    private static func jsonObjects(in text: String) -> [Data] {
        let bytes = Array(text.utf8)
        var objects: [Data] = []
        var start = bytes.firstIndex(of: UInt8(ascii: "{"))
        while let open = start {
            var depth = 0, inString = false, escaped = false
            var index = open
            var resume = open + 1
            while index < bytes.count {
                let byte = bytes[index]
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "{") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") {
                    depth -= 1
                    if depth == 0 {
                        let candidate = Data(bytes[open...index])
                        if (try? JSONSerialization.jsonObject(with: candidate)) is [String: Any] {
                            objects.append(candidate)
                            resume = index + 1
                        }
                        break
                    }
                }
                index += 1
            }
            start = resume < bytes.count ? bytes[resume...].firstIndex(of: UInt8(ascii: "{")) : nil
        }
        return objects
    }
}

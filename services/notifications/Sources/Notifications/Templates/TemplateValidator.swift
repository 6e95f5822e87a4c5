import Mustache

/// Checks a template before it is saved: Mustache syntax (with the line of the error) and
/// variables (each must be one the event kind provides, resolved as Mustache would, through
/// the open sections). Partials and delimiter changes are refused: templates stand alone.
enum TemplateValidator {
    struct Failure: Error, Equatable, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    static func check(_ source: String, variables: [String: Any]) -> [Failure] {
        do {
            _ = try MustacheTemplate(string: source)
        } catch let error as MustacheTemplate.ParserError {
            return [Failure(line: error.context.lineNumber, message: "syntax error (\(error.error))")]
        } catch {
            return [Failure(line: 1, message: "syntax error (\(error))")]
        }
        return unknownNames(source, variables: variables)
    }

    /// Each tag with its line, in order.
    static func tags(_ source: String) -> [(line: Int, tag: String)] {
        var result: [(Int, String)] = []
        var line = 1
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].filter { $0 == "\n" }.count
            let afterOpen = rest[open.upperBound...]
            let triple = afterOpen.hasPrefix("{")
            guard let close = afterOpen.range(of: triple ? "}}}" : "}}") else { break }
            let inner = afterOpen[afterOpen.startIndex..<close.lowerBound]
            result.append((line, String(inner)))
            line += inner.filter { $0 == "\n" }.count
            rest = afterOpen[close.upperBound...]
        }
        return result
    }

    private static func unknownNames(_ source: String, variables: [String: Any]) -> [Failure] {
        var scopes: [[String: Any]] = [variables]
        var sections: [String] = []
        var failures: [Failure] = []
        for (line, raw) in tags(source) {
            var tag = raw.trimmingCharacters(in: .whitespaces)
            guard let sigil = tag.first else { continue }
            switch sigil {
            case "!", "%": continue
            case ">", "<", "$", "=":
                failures.append(Failure(line: line, message: "partials, blocks and delimiter changes are not allowed"))
                continue
            case "#", "^", "/", "{", "&": tag = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
            default: break
            }
            if sigil == "/" {
                if !sections.isEmpty {
                    sections.removeLast()
                    scopes.removeLast()
                }
                continue
            }
            let value = resolve(tag, in: scopes)
            if tag != ".", value == nil {
                let known = scopes.flatMap(\.keys).sorted().joined(separator: ", ")
                failures.append(Failure(line: line, message: "unknown variable '\(tag)' (known: \(known))"))
            }
            if sigil == "#" || sigil == "^" {
                sections.append(tag)
                scopes.append(scope(of: value))
            }
        }
        return failures
    }

    private static func resolve(_ name: String, in scopes: [[String: Any]]) -> Any? {
        let parts = name.split(separator: ".").map(String.init)
        guard let head = parts.first else { return nil }
        for scope in scopes.reversed() {
            guard var value = scope[head] else { continue }
            for part in parts.dropFirst() {
                guard let next = (value as? [String: Any])?[part] else { return nil }
                value = next
            }
            return value
        }
        return nil
    }

    /// The names a section opens: an element's keys for a list, a dictionary's own keys.
    private static func scope(of value: Any?) -> [String: Any] {
        if let list = value as? [Any], let first = list.first as? [String: Any] { return first }
        return value as? [String: Any] ?? [:]
    }
}

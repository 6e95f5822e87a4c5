import Foundation
import Hummingbird
import ServiceKit

/// The public search's parameters, validated (422 naming the parameter). Filters combine with AND;
/// the values of one filter (comma-separated) with OR.
struct FilmQuery: Sendable, Equatable {
    enum Sort: String, CaseIterable, Sendable {
        case relevance, release, popularity, title
    }

    /// A screening's start in its cinema's local time: morning 05:00–11:59, afternoon 12:00–17:59,
    /// evening 18:00–21:59, night 22:00–04:59.
    enum TimeOfDay: String, CaseIterable, Sendable {
        case morning, afternoon, evening, night
    }

    /// What a film's screenings must offer: one screening has all of it (and starts in `showing`,
    /// or from now on when no dates are given).
    struct ScreeningFilter: Sendable, Equatable {
        var cinemas: [UUID] = []
        var versions: [String] = []
        var timesOfDay: [TimeOfDay] = []
        var wheelchair = false

        var isEmpty: Bool { self == ScreeningFilter() }
    }

    var text: String?
    var genres: [String] = []
    var categories: [String] = []
    var audio: [String] = []
    var subtitles: [String] = []
    var formats: [String] = []
    var certifications: [String] = []
    var runtime: ClosedRange<Int>?
    var years: ClosedRange<Int>?
    var minimumRating: Double?
    var showing: Range<Date>?
    var screening = ScreeningFilter()
    var personId: Int?
    var sort: Sort = .title
    var status = "published"

    static let formats = ["2D", "3D", "IMAX", "4DX", "ScreenX", "Dolby Atmos", "Dolby Cinema", "70mm"]
    static let certifications = ["U", "10", "12", "16", "18"]
    static let versions = ["VF", "VO", "VOSTFR"]
    static let accessibility = ["wheelchair"]

    init() {}

    init(request: Request) throws {
        let query = request.uri.queryParameters
        func list(_ name: String) -> [String] {
            query[Substring(name)].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }?
                .filter { !$0.isEmpty } ?? []
        }
        var errors: [Problem.FieldError] = []
        func int(_ name: String, _ range: ClosedRange<Int>) -> Int? {
            guard let raw = query[Substring(name)] else { return nil }
            guard let value = Int(String(raw)), range.contains(value) else {
                errors.append(.init(field: name, message: "must be an integer in \(range)"))
                return nil
            }
            return value
        }
        if let raw = query["q"] {
            let text = String(raw).trimmingCharacters(in: .whitespaces)
            if text.count > 100 { errors.append(.init(field: "q", message: "must have at most 100 characters")) }
            self.text = text.isEmpty ? nil : text
        }
        genres = list("genre").map { $0.lowercased() }
        categories = list("category").map { $0.lowercased() }
        audio = list("language").map { $0.lowercased() }
        subtitles = list("subtitles").map { $0.lowercased() }
        formats = list("format")
        certifications = list("certification").map { $0.uppercased() }
        for code in audio + subtitles where code.wholeMatch(of: /[a-z]{2}/) == nil {
            errors.append(.init(field: "language", message: "'\(code)' is not an ISO 639-1 code"))
        }
        for format in formats where !Self.formats.contains(format) {
            errors.append(.init(field: "format", message: "must be some of \(Self.formats)"))
        }
        for value in certifications where !Self.certifications.contains(value) {
            errors.append(.init(field: "certification", message: "must be some of \(Self.certifications)"))
        }
        screening = Self.screeningFilter(list, &errors)
        let (runtimeMin, runtimeMax) = (int("runtimeMin", 1...600), int("runtimeMax", 1...600))
        if runtimeMin != nil || runtimeMax != nil {
            let range = (runtimeMin ?? 1, runtimeMax ?? 600)
            if range.0 <= range.1 {
                runtime = range.0...range.1
            } else {
                errors.append(.init(field: "runtimeMin", message: "must not exceed runtimeMax"))
            }
        }
        let (yearFrom, yearTo) = (int("yearFrom", 1888...2100), int("yearTo", 1888...2100))
        if yearFrom != nil || yearTo != nil {
            let range = (yearFrom ?? 1888, yearTo ?? 2100)
            if range.0 <= range.1 {
                years = range.0...range.1
            } else {
                errors.append(.init(field: "yearFrom", message: "must not exceed yearTo"))
            }
        }
        if let raw = query["ratingMin"] {
            if let value = Double(String(raw)), (0...10).contains(value) {
                minimumRating = value
            } else {
                errors.append(.init(field: "ratingMin", message: "must be a number from 0 to 10"))
            }
        }
        let from = query["showingFrom"].flatMap { Self.day(String($0)) }
        let to = query["showingTo"].flatMap { Self.day(String($0)) }
        if query["showingFrom"] != nil && from == nil || query["showingTo"] != nil && to == nil {
            errors.append(.init(field: "showingFrom", message: "dates must be YYYY-MM-DD"))
        }
        if from != nil || to != nil {
            let start = from ?? .now
            let end = (to ?? start.addingTimeInterval(14 * 86400)).addingTimeInterval(86400)
            if start < end {
                showing = start..<end
            } else {
                errors.append(.init(field: "showingFrom", message: "must not be after showingTo"))
            }
        }
        if let raw = query["sort"] {
            if let sort = Sort(rawValue: String(raw)) {
                self.sort = sort
            } else {
                errors.append(.init(field: "sort", message: "must be one of \(Sort.allCases.map(\.rawValue))"))
            }
        } else if text != nil {
            sort = .relevance
        }
        if sort == .relevance, text == nil {
            errors.append(.init(field: "sort", message: "relevance needs a search text (q)"))
        }
        if !errors.isEmpty { throw AppError.invalid(errors) }
    }

    /// `cinemaId`, `version`, `timeOfDay` and `accessibility`.
    static func screeningFilter(_ list: (String) -> [String], _ errors: inout [Problem.FieldError])
        -> ScreeningFilter
    {
        var filter = ScreeningFilter()
        for raw in list("cinemaId") {
            if let id = UUID(uuidString: raw) {
                filter.cinemas.append(id)
            } else {
                errors.append(.init(field: "cinemaId", message: "'\(raw)' is not a UUID"))
            }
        }
        filter.versions = list("version").map { $0.uppercased() }
        for version in filter.versions where !Self.versions.contains(version) {
            errors.append(.init(field: "version", message: "must be some of \(Self.versions)"))
        }
        for raw in list("timeOfDay") {
            if let time = TimeOfDay(rawValue: raw.lowercased()) {
                filter.timesOfDay.append(time)
            } else {
                errors.append(
                    .init(field: "timeOfDay", message: "must be some of \(TimeOfDay.allCases.map(\.rawValue))"))
            }
        }
        for need in list("accessibility") {
            if Self.accessibility.contains(need.lowercased()) {
                filter.wheelchair = true
            } else {
                errors.append(.init(field: "accessibility", message: "must be some of \(Self.accessibility)"))
            }
        }
        return filter
    }

    static func day(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "Europe/Paris") ?? .gmt).year().month().day()
            .parse(text)
    }
}

import Foundation
import ServiceKit

/// A hand edit of a film (creation or PATCH): absent fields are unchanged.
struct FilmEdit: Decodable, Sendable {
    var status: String?
    var title: String?
    var originalTitle: String?
    var synopsis: String?
    var synopsisEn: String?
    var runtimeMinutes: Int?
    var releaseDate: String?
    var certification: String?
    var genres: [String]?
    var keywords: [String]?
    var originalLanguage: String?
    var audioLanguages: [String]?
    var subtitleLanguages: [String]?
    var formats: [String]?
    var posterPath: String?
    var backdropPath: String?

    /// What is wrong with the edit itself: a new film needs a title and a runtime, and hand-typed
    /// values must be complete (an import may leave the runtime unknown: 0).
    func problems(creating: Bool) -> [Problem.FieldError] {
        var errors: [Problem.FieldError] = []
        if creating, title == nil { errors.append(.init(field: "title", message: "is required")) }
        if creating, runtimeMinutes == nil { errors.append(.init(field: "runtimeMinutes", message: "is required")) }
        if let runtimeMinutes, !(1...600).contains(runtimeMinutes) {
            errors.append(.init(field: "runtimeMinutes", message: "must be between 1 and 600"))
        }
        if creating, let status, !["draft", "published"].contains(status) {
            errors.append(.init(field: "status", message: "a new film is a draft or published"))
        }
        return errors
    }

    func apply(to film: inout Film) {
        if let title { film.title = title.trimmingCharacters(in: .whitespaces) }
        if let originalTitle { film.originalTitle = originalTitle }
        if let synopsis { film.synopsis = synopsis }
        if let synopsisEn { film.synopsisEn = synopsisEn }
        if let runtimeMinutes { film.runtimeMinutes = runtimeMinutes }
        if let releaseDate { film.releaseDate = releaseDate }
        if let certification { film.certification = certification.uppercased() }
        if let genres { film.genres = genres }
        if let keywords { film.keywords = keywords }
        if let originalLanguage { film.originalLanguage = originalLanguage.lowercased() }
        if let audioLanguages { film.audioLanguages = audioLanguages.map { $0.lowercased() } }
        if let subtitleLanguages { film.subtitleLanguages = subtitleLanguages.map { $0.lowercased() } }
        if let formats { film.formats = formats }
        if let posterPath { film.posterPath = posterPath }
        if let backdropPath { film.backdropPath = backdropPath }
    }

    /// The fields a TMDB re-sync would otherwise overwrite.
    var editedImportedFields: [String] {
        let fields: [(String, Bool)] = [
            ("title", title != nil), ("originalTitle", originalTitle != nil), ("synopsis", synopsis != nil),
            ("synopsisEn", synopsisEn != nil), ("runtimeMinutes", runtimeMinutes != nil),
            ("releaseDate", releaseDate != nil), ("certification", certification != nil), ("genres", genres != nil),
            ("keywords", keywords != nil), ("originalLanguage", originalLanguage != nil),
            ("posterPath", posterPath != nil), ("backdropPath", backdropPath != nil),
        ]
        return fields.filter(\.1).map(\.0)
    }

    /// Every problem of the film at once, after those of the edit (`earlier`; one per field).
    static func validate(_ film: Film, after earlier: [Problem.FieldError] = []) throws {
        let reported = Set(earlier.map(\.field))
        var errors = problems(of: film).filter { !reported.contains($0.field) }
        errors.insert(contentsOf: earlier, at: 0)
        guard errors.isEmpty else { throw AppError.invalid(errors) }
    }

    static func problems(of film: Film) -> [Problem.FieldError] {
        var errors: [Problem.FieldError] = []
        if film.title.isEmpty || film.title.count > 200 {
            errors.append(.init(field: "title", message: "must have 1 to 200 characters"))
        }
        if !(0...600).contains(film.runtimeMinutes) || (film.status == "published" && film.runtimeMinutes == 0) {
            errors.append(.init(field: "runtimeMinutes", message: "must be between 1 and 600"))
        }
        if let date = film.releaseDate, (try? Date.ISO8601FormatStyle().year().month().day().parse(date)) == nil {
            errors.append(.init(field: "releaseDate", message: "must be a date YYYY-MM-DD"))
        }
        if let certification = film.certification, !FilmQuery.certifications.contains(certification) {
            errors.append(.init(field: "certification", message: "must be one of \(FilmQuery.certifications)"))
        }
        for code in film.audioLanguages + film.subtitleLanguages + [film.originalLanguage].compactMap({ $0 })
        where code.wholeMatch(of: /[a-z]{2}/) == nil {
            errors.append(.init(field: "languages", message: "'\(code)' is not an ISO 639-1 code"))
        }
        for format in film.formats where !FilmQuery.formats.contains(format) {
            errors.append(.init(field: "formats", message: "must be some of \(FilmQuery.formats)"))
        }
        if film.genres.count > 20 || film.genres.contains(where: { $0.isEmpty || $0.count > 50 }) {
            errors.append(.init(field: "genres", message: "at most 20 genres of 1 to 50 characters"))
        }
        return errors
    }
}

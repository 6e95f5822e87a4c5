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
    /// The whole cast, replacing the current one (`order` defaults to the position in the list).
    var cast: [CastInput]?
    /// The whole list of trailers, replacing the current one.
    var trailers: [Film.Trailer]?

    struct CastInput: Decodable, Sendable {
        var name: String
        var character: String?
        var personId: Int?
        var order: Int?
    }

    static let trailerSites = ["YouTube", "Vimeo"]

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
        if let cast {
            if cast.count > 50 { errors.append(.init(field: "cast", message: "at most 50 people")) }
            for (index, member) in cast.enumerated() {
                let name = member.name.trimmingCharacters(in: .whitespaces)
                if name.isEmpty || name.count > 200 {
                    errors.append(.init(field: "cast[\(index)].name", message: "must have 1 to 200 characters"))
                }
                if let character = member.character, character.count > 200 {
                    errors.append(.init(field: "cast[\(index)].character", message: "must have at most 200 characters"))
                }
                if let order = member.order, !(0...999).contains(order) {
                    errors.append(.init(field: "cast[\(index)].order", message: "must be between 0 and 999"))
                }
                if let personId = member.personId, personId <= 0 {
                    errors.append(.init(field: "cast[\(index)].personId", message: "must be a TMDB person id"))
                }
            }
        }
        if let trailers {
            if trailers.count > 20 { errors.append(.init(field: "trailers", message: "at most 20 trailers")) }
            for (index, trailer) in trailers.enumerated() {
                if !Self.trailerSites.contains(trailer.site) {
                    errors.append(.init(field: "trailers[\(index)].site", message: "must be YouTube or Vimeo"))
                }
                if trailer.key.wholeMatch(of: /[A-Za-z0-9_-]{1,64}/) == nil {
                    errors.append(
                        .init(
                            field: "trailers[\(index)].key", message: "must be the video id (letters, digits, - and _)")
                    )
                }
                if trailer.name.trimmingCharacters(in: .whitespaces).isEmpty || trailer.name.count > 200 {
                    errors.append(.init(field: "trailers[\(index)].name", message: "must have 1 to 200 characters"))
                }
                if let language = trailer.language, language.wholeMatch(of: /[a-z]{2}/) == nil {
                    errors.append(.init(field: "trailers[\(index)].language", message: "must be an ISO 639-1 code"))
                }
            }
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
        if let cast {
            film.cast = cast.enumerated().map { index, member in
                Film.CastMember(
                    personId: member.personId, name: member.name.trimmingCharacters(in: .whitespaces),
                    character: member.character, order: member.order ?? index)
            }.sorted { $0.order < $1.order }
        }
        if let trailers {
            film.trailers = trailers.map {
                Film.Trailer(
                    site: $0.site, key: $0.key, name: $0.name.trimmingCharacters(in: .whitespaces),
                    language: $0.language)
            }
        }
    }

    /// The fields a TMDB re-sync would otherwise overwrite.
    var editedImportedFields: [String] {
        let fields: [(String, Bool)] = [
            ("title", title != nil), ("originalTitle", originalTitle != nil), ("synopsis", synopsis != nil),
            ("synopsisEn", synopsisEn != nil), ("runtimeMinutes", runtimeMinutes != nil),
            ("releaseDate", releaseDate != nil), ("certification", certification != nil), ("genres", genres != nil),
            ("keywords", keywords != nil), ("originalLanguage", originalLanguage != nil),
            ("posterPath", posterPath != nil), ("backdropPath", backdropPath != nil), ("cast", cast != nil),
            ("trailers", trailers != nil),
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

import Foundation
import Hummingbird
import PostgresNIO
import ServiceKit

/// A film and everything browsing needs: metadata (from TMDB or typed by staff), languages and
/// formats on offer, people, images and trailers, and its lifecycle (draft → published → archived).
struct Film: ResponseCodable, Sendable, Equatable {
    var id: UUID
    var tmdbId: Int?
    var status: String
    var title: String
    var originalTitle: String?
    var synopsis: String
    var synopsisEn: String
    var runtimeMinutes: Int
    var releaseDate: String?
    var certification: String?
    var genres: [String]
    var keywords: [String]
    var originalLanguage: String?
    var spokenLanguages: [String]
    var audioLanguages: [String]
    var subtitleLanguages: [String]
    var formats: [String]
    var cast: [CastMember]
    var crew: [CrewMember]
    var trailers: [Trailer]
    var posterPath: String?
    var backdropPath: String?
    var popularity: Double
    var rating: Double?
    var voteCount: Int
    var categories: [String]
    var localEdits: [String]
    var syncedAt: Date?
    var publishedAt: Date?
    var createdAt: Date
    var updatedAt: Date
    /// Ready-made image URLs per size, for responsive images (`srcset`).
    var images: Images?
    /// Posters and backdrops uploaded by staff (`uploaded_images`, by kind), which take the place of
    /// TMDB's. Read from the database for `ImageLinks.decorate`, which turns them into `images` and
    /// clears this field: it never appears in answers.
    var uploadedImages: [String: UploadedImage]?

    struct CastMember: Codable, Sendable, Equatable {
        var personId: Int?
        var name: String
        var character: String?
        var order: Int
    }

    struct CrewMember: Codable, Sendable, Equatable {
        var personId: Int?
        var name: String
        var job: String
    }

    struct Trailer: Codable, Sendable, Equatable {
        var site: String
        var key: String
        var name: String
        var language: String?
    }

    /// URLs by size name (`w342`…, and `original`): `poster` and `backdrop` are JPEG (or TMDB's
    /// images), `posterWebp` and `backdropWebp` the same sizes in WebP (uploaded images only), for
    /// a `<picture>` whose WebP `<source>` comes first.
    struct Images: Codable, Sendable, Equatable {
        var poster: [String: String]
        var backdrop: [String: String]
        var posterWebp: [String: String] = [:]
        var backdropWebp: [String: String] = [:]
    }

    /// An uploaded image: its size (upright, after any EXIF rotation, at most the largest variant
    /// width) and its stored variants (`ImageStore`).
    struct UploadedImage: Codable, Sendable, Equatable {
        var width: Int
        var height: Int
        var variants: [Variant]
        var uploadedAt: Date

        struct Variant: Codable, Sendable, Equatable {
            var name: String
            var width: Int
            var format: ImageName.Format
            var bytes: Int
        }
    }

    static func draft(title: String, runtimeMinutes: Int) -> Film {
        Film(
            id: UUID(), tmdbId: nil, status: "draft", title: title, originalTitle: nil, synopsis: "", synopsisEn: "",
            runtimeMinutes: runtimeMinutes, releaseDate: nil, certification: nil, genres: [], keywords: [],
            originalLanguage: nil, spokenLanguages: [], audioLanguages: [], subtitleLanguages: [], formats: [],
            cast: [], crew: [], trailers: [], posterPath: nil, backdropPath: nil, popularity: 0, rating: nil,
            voteCount: 0, categories: [], localEdits: [], syncedAt: nil, publishedAt: nil, createdAt: .now,
            updatedAt: .now, images: nil, uploadedImages: nil)
    }

    /// The columns `init(row:)` reads.
    static let columns = """
        f.id, f.tmdb_id, f.status, f.title, f.original_title, f.synopsis, f.synopsis_en, f.runtime_minutes,
        to_char(f.release_date, 'YYYY-MM-DD') AS release_date, f.certification, f.genres, f.keywords,
        f.original_language, f.spoken_languages, f.audio_languages, f.subtitle_languages, f.formats,
        f.cast_members::text AS cast_members, f.crew::text AS crew, f.trailers::text AS trailers, f.poster_path,
        f.backdrop_path, f.popularity, f.rating::float8 AS rating, f.vote_count, f.local_edits, f.synced_at,
        f.published_at, f.created_at, f.updated_at, f.uploaded_images::text AS uploaded_images,
        ARRAY(SELECT c.slug FROM film_categories fc JOIN categories c ON c.id = fc.category_id
              WHERE fc.film_id = f.id ORDER BY c.slug) AS categories
        """

    init(row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        func json<T: Decodable & EmptyJSON>(_ column: String, _: T.Type) throws -> T {
            let text = try r[column].decode(String.self)
            if text == T.emptyText { return T.empty }  // most films: no JSON decoder needed
            return try JSONBody.decoder.decode(T.self, from: Data(text.utf8))
        }
        id = try r["id"].decode(UUID.self)
        tmdbId = try r["tmdb_id"].decode(Int?.self)
        status = try r["status"].decode(String.self)
        title = try r["title"].decode(String.self)
        originalTitle = try r["original_title"].decode(String?.self)
        synopsis = try r["synopsis"].decode(String.self)
        synopsisEn = try r["synopsis_en"].decode(String.self)
        runtimeMinutes = try r["runtime_minutes"].decode(Int.self)
        releaseDate = try r["release_date"].decode(String?.self)
        certification = try r["certification"].decode(String?.self)
        genres = try r["genres"].decode([String].self)
        keywords = try r["keywords"].decode([String].self)
        originalLanguage = try r["original_language"].decode(String?.self)
        spokenLanguages = try r["spoken_languages"].decode([String].self)
        audioLanguages = try r["audio_languages"].decode([String].self)
        subtitleLanguages = try r["subtitle_languages"].decode([String].self)
        formats = try r["formats"].decode([String].self)
        cast = try json("cast_members", [CastMember].self)
        crew = try json("crew", [CrewMember].self)
        trailers = try json("trailers", [Trailer].self)
        posterPath = try r["poster_path"].decode(String?.self)
        backdropPath = try r["backdrop_path"].decode(String?.self)
        popularity = try r["popularity"].decode(Double.self)
        rating = try r["rating"].decode(Double?.self)
        voteCount = try r["vote_count"].decode(Int.self)
        localEdits = try r["local_edits"].decode([String].self)
        syncedAt = try r["synced_at"].decode(Date?.self)
        publishedAt = try r["published_at"].decode(Date?.self)
        createdAt = try r["created_at"].decode(Date.self)
        updatedAt = try r["updated_at"].decode(Date.self)
        categories = try r["categories"].decode([String].self)
        images = nil
        let uploaded = try json("uploaded_images", [String: UploadedImage].self)
        uploadedImages = uploaded.isEmpty ? nil : uploaded
    }

    init(
        id: UUID, tmdbId: Int?, status: String, title: String, originalTitle: String?, synopsis: String,
        synopsisEn: String, runtimeMinutes: Int, releaseDate: String?, certification: String?, genres: [String],
        keywords: [String], originalLanguage: String?, spokenLanguages: [String], audioLanguages: [String],
        subtitleLanguages: [String], formats: [String], cast: [CastMember], crew: [CrewMember], trailers: [Trailer],
        posterPath: String?, backdropPath: String?, popularity: Double, rating: Double?, voteCount: Int,
        categories: [String], localEdits: [String], syncedAt: Date?, publishedAt: Date?, createdAt: Date,
        updatedAt: Date, images: Images?, uploadedImages: [String: UploadedImage]? = nil
    ) {
        self.id = id
        self.tmdbId = tmdbId
        self.status = status
        self.title = title
        self.originalTitle = originalTitle
        self.synopsis = synopsis
        self.synopsisEn = synopsisEn
        self.runtimeMinutes = runtimeMinutes
        self.releaseDate = releaseDate
        self.certification = certification
        self.genres = genres
        self.keywords = keywords
        self.originalLanguage = originalLanguage
        self.spokenLanguages = spokenLanguages
        self.audioLanguages = audioLanguages
        self.subtitleLanguages = subtitleLanguages
        self.formats = formats
        self.cast = cast
        self.crew = crew
        self.trailers = trailers
        self.posterPath = posterPath
        self.backdropPath = backdropPath
        self.popularity = popularity
        self.rating = rating
        self.voteCount = voteCount
        self.categories = categories
        self.localEdits = localEdits
        self.syncedAt = syncedAt
        self.publishedAt = publishedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.images = images
        self.uploadedImages = uploadedImages
    }

    /// Names of people, for the search document.
    var peopleText: String { (cast.map(\.name) + crew.map(\.name)).joined(separator: " ") }
}

/// Image URLs per size. An uploaded image (`Film.uploadedImages`): `<uploads><variant name>`
/// (`catalog.images.url`, by default `/api/catalog/images/`: relative, the web app's own origin
/// through the gateway), JPEG and WebP. Otherwise TMDB's: `<base><size><path>`. The sizes cover
/// phone to large screens; `original` is the largest (for an upload: its largest variant, the
/// upload itself is never served).
struct ImageLinks: Sendable {
    var base: String
    var uploads: String = "/api/catalog/images/"
    static let posterSizes = ["w185", "w342", "w500", "w780", "original"]
    static let backdropSizes = ["w300", "w780", "w1280", "original"]

    func decorate(_ film: Film) -> Film {
        var film = film
        func urls(_ path: String?, _ sizes: [String]) -> [String: String] {
            guard let path, path.hasPrefix("/") else { return [:] }
            return Dictionary(uniqueKeysWithValues: sizes.map { ($0, "\(base)\($0)\(path)") })
        }
        func uploaded(_ kind: ImageKind, _ format: ImageName.Format) -> [String: String]? {
            guard let image = film.uploadedImages?[kind.rawValue] else { return nil }
            let variants = image.variants.filter { $0.format == format }.sorted { $0.width < $1.width }
            var urls = Dictionary(variants.map { ("w\($0.width)", uploads + $0.name) }) { first, _ in first }
            urls["original"] = variants.last.map { uploads + $0.name }
            return urls
        }
        film.images = Images(
            poster: uploaded(.poster, .jpeg) ?? urls(film.posterPath, Self.posterSizes),
            backdrop: uploaded(.backdrop, .jpeg) ?? urls(film.backdropPath, Self.backdropSizes),
            posterWebp: uploaded(.poster, .webp) ?? [:], backdropWebp: uploaded(.backdrop, .webp) ?? [:])
        film.uploadedImages = nil
        return film
    }
    typealias Images = Film.Images
}

/// A JSON column's value when the column holds its type's empty text (`[]`, `{}`).
protocol EmptyJSON {
    static var empty: Self { get }
    static var emptyText: String { get }
}
extension Array: EmptyJSON {
    static var empty: Self { [] }
    static var emptyText: String { "[]" }
}
extension Dictionary: EmptyJSON {
    static var empty: Self { [:] }
    static var emptyText: String { "{}" }
}

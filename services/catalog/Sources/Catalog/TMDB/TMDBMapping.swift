import Foundation

/// TMDB movie → catalog film. Fields staff edited by hand (`localEdits`) keep their value unless
/// the sync overwrites them.
enum TMDBMapping {
    static let crewJobs = [
        "Director", "Screenplay", "Writer", "Novel", "Original Music Composer", "Director of Photography",
    ]

    static func film(from movie: TMDBMovie, updating existing: Film?, overwrite: Bool) -> Film {
        var film =
            existing ?? Film.draft(title: movie.title ?? movie.originalTitle ?? "TMDB \(movie.id)", runtimeMinutes: 0)
        let keep = Set(overwrite ? [] : film.localEdits)
        func set<T>(_ field: String, _ path: WritableKeyPath<Film, T>, _ value: T?) {
            guard !keep.contains(field), let value else { return }
            film[keyPath: path] = value
        }
        film.tmdbId = movie.id
        set("title", \.title, movie.title ?? movie.originalTitle)
        set("originalTitle", \.originalTitle, movie.originalTitle)
        set("synopsis", \.synopsis, movie.overview)
        set("synopsisEn", \.synopsisEn, englishOverview(movie))
        set("runtimeMinutes", \.runtimeMinutes, movie.runtime.flatMap { (1...600).contains($0) ? $0 : nil })
        let release: String? = frenchRelease(movie).date ?? validDate(movie.releaseDate)
        set("releaseDate", \.releaseDate, release.map(Optional.some))  // none known: keep what is there
        set("certification", \.certification, frenchRelease(movie).certification)
        set("genres", \.genres, movie.genres.map { $0.compactMap(\.name) })
        set("keywords", \.keywords, movie.keywords?.keywords.map { $0.compactMap(\.name) })
        set("originalLanguage", \.originalLanguage, movie.originalLanguage)
        set("posterPath", \.posterPath, movie.posterPath)
        set("backdropPath", \.backdropPath, movie.backdropPath)
        film.spokenLanguages = movie.spokenLanguages?.compactMap(\.iso6391) ?? film.spokenLanguages
        let cast = (movie.credits?.cast ?? []).compactMap { member in
            member.name.map {
                Film.CastMember(personId: member.id, name: $0, character: member.character, order: member.order ?? 99)
            }
        }.sorted { $0.order < $1.order }.prefix(10).map { $0 }
        set("cast", \.cast, cast)
        film.crew = (movie.credits?.crew ?? []).compactMap { member -> Film.CrewMember? in
            guard let name = member.name, let job = member.job, crewJobs.contains(job) else { return nil }
            return Film.CrewMember(personId: member.id, name: name, job: job)
        }
        let trailers = (movie.videos?.results ?? []).compactMap { video -> Film.Trailer? in
            guard video.type == "Trailer", let site = video.site, let key = video.key else { return nil }
            return Film.Trailer(site: site, key: key, name: video.name ?? "Trailer", language: video.iso6391)
        }
        set("trailers", \.trailers, trailers)
        film.popularity = movie.popularity ?? film.popularity
        film.rating = movie.voteAverage.map { ($0 * 10).rounded() / 10 } ?? film.rating
        film.voteCount = movie.voteCount ?? film.voteCount
        film.syncedAt = .now
        return film
    }

    static func englishOverview(_ movie: TMDBMovie) -> String? {
        movie.translations?.translations?.first { $0.iso6391 == "en" }?.data?.overview
    }

    /// The French theatrical release (type 3, else any) and its certification.
    static func frenchRelease(_ movie: TMDBMovie) -> (date: String?, certification: String?) {
        let releases = movie.releaseDates?.results?.first { $0.iso31661 == "FR" }?.releaseDates ?? []
        let theatrical = releases.first { $0.type == 3 } ?? releases.first
        let certification = releases.compactMap { $0.certification?.trimmingCharacters(in: .whitespaces) }
            .first { FilmQuery.certifications.contains($0) }
        return (validDate(theatrical?.releaseDate.map { String($0.prefix(10)) }), certification)
    }

    static func validDate(_ text: String?) -> String? {
        guard let text, (try? Date.ISO8601FormatStyle().year().month().day().parse(text)) != nil else { return nil }
        return text
    }
}

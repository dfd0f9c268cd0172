namespace Duel.Grains.Catalogue;

/// <summary>Loads and validates every <c>*.json</c> file of a challenge directory.</summary>
public static class ChallengeLoader
{
    public static ChallengeLoadResult LoadDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var errors = new List<string>();
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            errors.Add($"{full}: (directory): not found");
            return new ChallengeLoadResult([], errors);
        }

        var files = Directory.GetFiles(full, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            errors.Add($"{full}: (directory): contains no challenge files (*.json)");
        }

        // Errors name the file as "challenges/foo.json", the way the repository shows it.
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(full));
        var challenges = new List<Challenge>();
        foreach (var path in files)
        {
            var display = $"{folder}/{Path.GetFileName(path)}";
            var challenge = LoadFile(path, display, errors);
            if (challenge is not null)
            {
                challenges.Add(challenge);
            }
        }

        return new ChallengeLoadResult(challenges, errors);
    }

    /// <summary>Parses one file; <paramref name="display"/> is how errors name it.</summary>
    public static Challenge? LoadFile(string path, string display, List<string> errors)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            errors.Add($"{display}: (file): cannot be read: {ex.Message}");
            return null;
        }

        return ChallengeParser.Parse(display, Path.GetFileNameWithoutExtension(path), json, errors);
    }
}

namespace Duel.EndToEnd.Tests;

/// <summary>The demo's code snippets (PART 2 of the predecessor's script), for The Palindrome.</summary>
public static class Solutions
{
    public const string Malicious = "import os\nos.system(\"rm -rf /\")\n";

    /// <summary>Ignores spaces only: passes 8 of the 13 tests.</summary>
    public const string PartlyCorrect = "def is_palindrome(s):\n    s = s.replace(\" \", \"\").lower()\n    return s == s[::-1]\n";

    public const string Correct = "def is_palindrome(s):\n    t = [c.lower() for c in s if c.isalnum()]\n    return t == t[::-1]\n";
}

namespace Duel.Grains.Battles;

public enum SubmissionStatus { Pending, Judged }

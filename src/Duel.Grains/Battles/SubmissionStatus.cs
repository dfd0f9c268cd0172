namespace Duel.Grains.Battles;

[GenerateSerializer, Alias("duel.SubmissionStatus")]

public enum SubmissionStatus { Pending, Judged }

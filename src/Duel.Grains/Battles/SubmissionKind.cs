namespace Duel.Grains.Battles;

[GenerateSerializer, Alias("duel.SubmissionKind")]

public enum SubmissionKind { Run, Submit }

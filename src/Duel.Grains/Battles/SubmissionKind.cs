namespace Duel.Grains.Battles;

public enum SubmissionKind { Run, Submit }

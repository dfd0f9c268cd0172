namespace Duel.Grains.Battles;

/// <summary>None until started; Finished is final.</summary>
public enum BattlePhase { None, Active, Finished }

/// <summary>How a finished battle ended.</summary>
public enum BattleOutcome { Won, Drawn, Forfeited, Abandoned }

public enum SubmissionKind { Run, Submit }

public enum SubmissionStatus { Pending, Judged }

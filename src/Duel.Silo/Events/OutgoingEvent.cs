namespace Duel.Silo.Events;

/// <summary>An event on its way to NOTIFY: data is JSON text. Seq 0 marks an ephemeral event.</summary>
internal sealed record OutgoingEvent(string Stream, long Seq, string Type, string Data);

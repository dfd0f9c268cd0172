namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// The worker's side of the harness protocol: what to write to the sandbox's stdin, what a
/// result line from fd 3 means, and until when the current step may take.
/// </summary>
internal interface IConversation
{
    /// <summary>Stopwatch timestamp after which the run is killed as a timeout.</summary>
    long Deadline { get; }

    /// <summary>True once nothing more is expected from the harness.</summary>
    bool Done { get; }

    /// <summary>The first bytes for stdin.</summary>
    byte[] Start();

    /// <summary>Handles one result line; returns bytes to send to stdin, if any.</summary>
    byte[]? OnLine(ReadOnlySpan<byte> line);
}

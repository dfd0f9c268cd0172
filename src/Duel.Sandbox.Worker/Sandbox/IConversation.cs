namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// The worker's side of the harness protocol: what to write to the sandbox's stdin, what a
/// result line from fd 3 means, and until when the current step may take.
/// </summary>
internal interface IConversation
{
    /// <summary>Stopwatch timestamp after which the run is killed as a timeout.</summary>
    long Deadline { get; }

    /// <summary>
    /// The latest the current step may end when it waited for a core: a job's wait behind other processes moves
    /// <see cref="Deadline"/> on, up to this (<see cref="SandboxOptions.WallFactor"/>).
    /// </summary>
    long WallDeadline { get; }

    /// <summary>True once nothing more is expected from the harness.</summary>
    bool Done { get; }

    /// <summary>True once the program has loaded and the tests have started.</summary>
    bool Ready { get; }

    /// <summary>
    /// Done, and nothing went wrong on the program's side that could leave its process in a
    /// state we do not know (a timeout, running out of memory, a protocol violation).
    /// </summary>
    bool Clean { get; }

    /// <summary>The first bytes for stdin.</summary>
    byte[] Start();

    /// <summary>Handles one result line; returns bytes to send to stdin, if any.</summary>
    byte[]? OnLine(ReadOnlySpan<byte> line);
}

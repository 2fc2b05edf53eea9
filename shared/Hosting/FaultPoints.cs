using System.Diagnostics;

namespace LiaisonFlow.Hosting;

/// <summary>Named places in the life cycle where the fault-injection tests kill the process (see <see cref="FaultPoints"/>).</summary>
public enum FaultPoint
{
    /// <summary>An API change (command, reply, deadline, chasing) is stored; the orchestration is not nudged yet and no answer has gone.</summary>
    ChangeStored,
    /// <summary>A new LS is stored; its orchestration is not scheduled yet.</summary>
    CreateStored,
    /// <summary>The orchestration was nudged after a change; the HTTP answer has not gone yet.</summary>
    Nudged,
    /// <summary>One LS of an import is stored; the rest of the file is not.</summary>
    ImportLiaisonStored,
    /// <summary>A TD's bytes are in Blob storage; its row is not written.</summary>
    DocumentBlobWritten,
    /// <summary>The number is reserved in the registry; the LS does not carry it yet.</summary>
    NumberReserved,
    /// <summary>The LS carries its number; it is not dispatched.</summary>
    Numbered,
    /// <summary>Dispatched: state and queued mails stored; nothing handed to the provider.</summary>
    Dispatched,
    /// <summary>A mail batch is claimed (Sending); the provider has not been called.</summary>
    MailClaimed,
    /// <summary>The provider accepted a batch; the mail rows do not say Sent yet.</summary>
    MailHanded,
    /// <summary>A reply-tracking round (chasers, overdue notes, escalations) is stored; its mail is not sent.</summary>
    TrackingStored,
    /// <summary>The chair reminder is queued; not sent.</summary>
    ChairReminderQueued,
    /// <summary>The LS closed; its summary mail is not queued.</summary>
    Closed,
    /// <summary>An inbound mail and its record are stored; it is not processed and SendGrid has no answer yet.</summary>
    InboundStored,
}

/// <summary>
/// A fault hook compiled into every build and off unless configured: with
/// <c>LiaisonFlow__Faults__KillAt=MailHanded</c> (or <c>MailHanded:3</c> for the third time it is reached)
/// the process kills itself with SIGKILL at that point, as a crash or a pulled plug would. The
/// fault-injection tests use it to prove nothing is lost or done twice whatever line the host dies at.
/// </summary>
public static class FaultPoints
{
    static FaultPoint? armed;
    static int remaining;

    public static void Configure(string? spec)
    {
        armed = null;
        if (string.IsNullOrWhiteSpace(spec)) return;
        var parts = spec.Split(':', 2);
        if (!Enum.TryParse<FaultPoint>(parts[0].Trim(), ignoreCase: true, out var point))
            throw new InvalidOperationException($"LiaisonFlow:Faults:KillAt names no fault point: \"{spec}\" (one of {string.Join(", ", Enum.GetNames<FaultPoint>())}).");
        remaining = parts.Length == 2 && int.TryParse(parts[1], out var n) && n > 0 ? n : 1;
        armed = point;
    }

    public static void Hit(FaultPoint point)
    {
        if (armed != point || Interlocked.Decrement(ref remaining) != 0) return;
        Console.Error.WriteLine($"LiaisonFlow fault injection: killing the process at {point}.");
        Console.Error.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}

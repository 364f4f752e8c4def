extension JobsCore {
    /// The state as a viewer whom the ACLs let see only some jobs (`view_run_specs`): the
    /// other jobs are left out with their runs, history and schedules, and dependency edges
    /// to them. Every read renders from such a view, so lists filter instead of refusing
    /// and a hidden job reads as absent.
    public func viewed(keeping mayView: (String) -> Bool) -> JobsCore {
        var view = self
        view.jobs = self.jobs.filter { mayView($0.key) }
        view.runs = self.runs.filter { mayView($0.key.jobID) }
        view.histories = self.histories.filter { mayView($0.key) }
        view.parsedSchedules = self.parsedSchedules.filter { mayView($0.key) }
        view.nextDue = self.nextDue.filter { mayView($0.key) }
        view.scheduleProblems = self.scheduleProblems.filter { mayView($0.key) }
        view.runKeysByJob = self.runKeysByJob.filter { mayView($0.key) }
        view.runByTask = self.runByTask.filter { mayView($0.value.jobID) }
        view.childrenByParent = self.childrenByParent.filter { mayView($0.key) }.mapValues { $0.filter(mayView) }
        return view
    }

    /// The ACL path of a job: its id with dots as group separators (Metronome's
    /// `prod.backup` is `/prod/backup`), so a rule on `/prod` covers it.
    public static func aclPath(of jobID: String) -> String {
        "/" + jobID.split(separator: ".", omittingEmptySubsequences: true).joined(separator: "/")
    }
}

"""What incidents tells the apps above it (letters, exports), which it never imports. They
connect receivers in their AppConfig.ready(); a receiver runs inside the sender's transaction,
so one that raises undoes the change it was told about."""

from django.dispatch import Signal

# A case moved (workflow.case_apply_transition): case, name (the transition), source, target,
# by (who acted) and escalation (the approved proposal it carries out, or None).
case_transitioned = Signal()
# A site-ban step was recorded: ban, step ("intended", "corrected", "withdrawn", "confirm",
# "modify", "lift", or a review's "review_continue", "review_modify", "review_lift"), by.
site_ban_stepped = Signal()
# The case page asks for panels: case, role, event_kinds (the kinds on its chronology); each
# receiver returns a (template name, context) pair or None. The page is cached under the case's
# stamp, so a panel may show only tables listed in incidents.casestamp.TOUCHING.
case_page_panels = Signal()
# The headteacher's queue asks what is waiting (incidents.queue): school, cursor (a
# queue.Cursor or None), size, asked_by (only what this person sent to the headteacher, or
# None for everything). Each receiver returns a list of queue.Waiting, at most `size`, oldest
# first, from rows after the cursor (queue.beyond); one query each, whatever the queue holds.
waiting_for_head = Signal()
# The dashboard asks for panels: school, role, today; each receiver returns a (template name,
# context) pair or None (the apps above incidents add their own lists to the dashboard).
dashboard_panels = Signal()

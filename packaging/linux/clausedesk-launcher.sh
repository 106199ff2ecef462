#!/bin/sh
# ClauseDesk launcher installed on the PATH by the .deb: runs the bundle in /opt/clausedesk.
exec /opt/clausedesk/clausedesk "$@"

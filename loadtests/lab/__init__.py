"""The GC lab: real Elasticsearch/OpenSearch nodes on 127.0.0.1, one collector each.

Distributions come from Maven Central (``integ-test-zip``, no bundled JDK) through Maven itself
(:mod:`loadtests.lab.distributions`); each node runs on a real JDK from :mod:`advisor.jdks` with a
``jvm.options.d`` file that selects its collector (:mod:`loadtests.lab.collectors`), and reports what
``_nodes/jvm`` says it really runs, so a CMS target that silently fell back to G1 is caught
(:mod:`loadtests.lab.node`). ``loadtest lab up/status/down`` and the ``real_node`` pytest fixture use
the same code.
"""

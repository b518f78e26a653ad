PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE evidence_record (
	seq INTEGER NOT NULL, 
	id VARCHAR NOT NULL, 
	schema_version INTEGER NOT NULL, 
	job_id VARCHAR NOT NULL, 
	job_version INTEGER NOT NULL, 
	code_hash VARCHAR NOT NULL, 
	claim_ids_json TEXT NOT NULL, 
	verdict VARCHAR NOT NULL, 
	rationale TEXT NOT NULL, 
	metrics_json TEXT NOT NULL, 
	key_figure TEXT NOT NULL, 
	device VARCHAR NOT NULL, 
	started_at VARCHAR NOT NULL, 
	duration_s FLOAT NOT NULL, 
	environment_json TEXT NOT NULL, 
	fingerprint_hash VARCHAR NOT NULL, 
	prev_hash VARCHAR, 
	content_hash VARCHAR NOT NULL, 
	PRIMARY KEY (seq), 
	UNIQUE (content_hash)
);
INSERT INTO evidence_record VALUES(1,'1b144656402042c8935420943c949a4a',1,'tf-eager-default',1,'e5c362700d5c8dc4f7399ae80eb920cda21fee9579437af37b823ac068d56ef5','["c-09b742de0136","c-040e0518150d","c-052844f50929"]','supported','In a fresh TensorFlow 2.21.0 process tf.executing_eagerly() is True and ops return concrete values, while inside tf.function it is False: eager by default, graphs on request.','{"executing_eagerly":true,"inside_tf_function":false,"tensorflow":"2.21.0","value":[3.0,6.0]}','TF 2.21.0: executing_eagerly() = True','cpu','2026-11-29T21:55:17.095858+00:00',13.30399799999999999,'{"cores":2,"cpu_flags":["3dnowprefetch","abm","adx","aes","apic","arat","avx","avx2","bmi1","bmi2","clflush","clflushopt","clwb","clzero","cmov","cmp_legacy","constant_tsc","cpuid","cr8_legacy","cx16","cx8","de","erms","extd_apicid","f16c","fma","fpu","fsgsbase","fsrm","fxsr","fxsr_opt","ht","hypervisor","invpcid","lahf_lm","lm","mca","mce","misalignsse","mmx","mmxext","movbe","msr","mtrr","nonstop_tsc","nopl","nx","osvw","pae","pat","pcid","pclmulqdq","pdpe1gb","pge","pni","popcnt","pse","pse36","rdpid","rdrand","rdseed","rdtscp","rep_good","sep","sha_ni","smap","smep","sse","sse2","sse4_1","sse4_2","sse4a","ssse3","syscall","topoext","tsc","tsc_adjust","tsc_deadline_timer","tsc_known_freq","umip","vaes","vme","vmmcall","vpclmulqdq","x2apic","xgetbv1","xsave","xsavec","xsaveerptr","xsaveopt","xsaves","xtopology"],"cpu_flags_hash":"1ddebed04610ae65","cpu_model":"AMD EPYC","git_commit":null,"gpu":null,"machine":"x86_64","os":"Linux 6.18.44-fc-v657","python":"3.11.7","ram_gb":23.5,"threads":2,"versions":{"keras":"3.15.1","numpy":"2.4.6","onnxruntime":"1.32.0","tensorflow":"2.21.0","torch":"2.13.0+cpu"}}','36e185de8db97db2',NULL,'ff0fbdbe77d7e1cdb2bafe19ca4427716627e1721b5d72b8f3fa6020e9d6ec7c');
INSERT INTO evidence_record VALUES(2,'5f543059345c44ec83584982a1ab1a9e',1,'torchscript-roundtrip',1,'2598d9bba2b67b0648785d26bdb69e770fba148a0a8759f67136955b6e5e8e15','["c-434fa516f058","c-85edfda56b54","c-24b4fc96d0ff","c-01cf15977d09"]','supported','A scripted model saved to 7 KiB reloaded in a fresh process without its class and matched eager outputs (max abs diff 0.0e+00). torch warned: ''`torch.jit.script` is deprecated. Please switch to `torch.compile` or `torch.export`.''.','{"artifact_bytes":8123,"deprecation_warnings":["`torch.jit.script` is deprecated. Please switch to `torch.compile` or `torch.export`."],"max_abs_diff":0.0,"torch":"2.13.0+cpu"}','TorchScript round trip max diff 0.0e+00 (deprecated)','cpu','2026-11-29T21:55:30.436370+00:00',12.44510200000000033,'{"cores":2,"cpu_flags":["3dnowprefetch","abm","adx","aes","apic","arat","avx","avx2","bmi1","bmi2","clflush","clflushopt","clwb","clzero","cmov","cmp_legacy","constant_tsc","cpuid","cr8_legacy","cx16","cx8","de","erms","extd_apicid","f16c","fma","fpu","fsgsbase","fsrm","fxsr","fxsr_opt","ht","hypervisor","invpcid","lahf_lm","lm","mca","mce","misalignsse","mmx","mmxext","movbe","msr","mtrr","nonstop_tsc","nopl","nx","osvw","pae","pat","pcid","pclmulqdq","pdpe1gb","pge","pni","popcnt","pse","pse36","rdpid","rdrand","rdseed","rdtscp","rep_good","sep","sha_ni","smap","smep","sse","sse2","sse4_1","sse4_2","sse4a","ssse3","syscall","topoext","tsc","tsc_adjust","tsc_deadline_timer","tsc_known_freq","umip","vaes","vme","vmmcall","vpclmulqdq","x2apic","xgetbv1","xsave","xsavec","xsaveerptr","xsaveopt","xsaves","xtopology"],"cpu_flags_hash":"1ddebed04610ae65","cpu_model":"AMD EPYC","git_commit":null,"gpu":null,"machine":"x86_64","os":"Linux 6.18.44-fc-v657","python":"3.11.7","ram_gb":23.5,"threads":2,"versions":{"keras":"3.15.1","numpy":"2.4.6","onnxruntime":"1.32.0","tensorflow":"2.21.0","torch":"2.13.0+cpu"}}','36e185de8db97db2','ff0fbdbe77d7e1cdb2bafe19ca4427716627e1721b5d72b8f3fa6020e9d6ec7c','feaf15558234348254fb5370d901be257be941a4e100cf85492d941fbbda5377');
INSERT INTO evidence_record VALUES(3,'7d5ee153a4b94c0fa5882084242b6b6e',1,'tfjs-converter',1,'da249ae66243d3defbc6c962afa9ed48d4c24978a788dcd92738ca28fe06f535','["c-79d4781fe9ca","c-ec0645693db8","c-f15707873d61","c-4e7ca8c59ecc","c-0a400d4d192c","c-d6d5887d9c94","c-3286c15651a0"]','inconclusive','The tensorflowjs converter is not importable here (its pins conflict with TensorFlow 2.21), so the TF.js browser path could not be exercised locally; this is not evidence against it.','{"tensorflowjs_importable":false}','tensorflowjs not installable beside TF 2.21','cpu','2026-11-29T21:55:42.901217+00:00',0.17296100000000000362,'{"cores":2,"cpu_flags":["3dnowprefetch","abm","adx","aes","apic","arat","avx","avx2","bmi1","bmi2","clflush","clflushopt","clwb","clzero","cmov","cmp_legacy","constant_tsc","cpuid","cr8_legacy","cx16","cx8","de","erms","extd_apicid","f16c","fma","fpu","fsgsbase","fsrm","fxsr","fxsr_opt","ht","hypervisor","invpcid","lahf_lm","lm","mca","mce","misalignsse","mmx","mmxext","movbe","msr","mtrr","nonstop_tsc","nopl","nx","osvw","pae","pat","pcid","pclmulqdq","pdpe1gb","pge","pni","popcnt","pse","pse36","rdpid","rdrand","rdseed","rdtscp","rep_good","sep","sha_ni","smap","smep","sse","sse2","sse4_1","sse4_2","sse4a","ssse3","syscall","topoext","tsc","tsc_adjust","tsc_deadline_timer","tsc_known_freq","umip","vaes","vme","vmmcall","vpclmulqdq","x2apic","xgetbv1","xsave","xsavec","xsaveerptr","xsaveopt","xsaves","xtopology"],"cpu_flags_hash":"1ddebed04610ae65","cpu_model":"AMD EPYC","git_commit":null,"gpu":null,"machine":"x86_64","os":"Linux 6.18.44-fc-v657","python":"3.11.7","ram_gb":23.5,"threads":2,"versions":{"keras":"3.15.1","numpy":"2.4.6","onnxruntime":"1.32.0","tensorflow":"2.21.0","torch":"2.13.0+cpu"}}','36e185de8db97db2','feaf15558234348254fb5370d901be257be941a4e100cf85492d941fbbda5377','a07641694e5efcfb0beee73bfebc29bfcab7f4bb3667085de89c5c06a87cdd4d');
CREATE TABLE evidence_chain_head (
	id INTEGER NOT NULL, 
	records INTEGER NOT NULL, 
	head_hash VARCHAR, 
	PRIMARY KEY (id)
);
INSERT INTO evidence_chain_head VALUES(1,3,'a07641694e5efcfb0beee73bfebc29bfcab7f4bb3667085de89c5c06a87cdd4d');
CREATE TABLE evidence_claim (
	seq INTEGER NOT NULL, 
	record_seq INTEGER NOT NULL, 
	claim_id VARCHAR NOT NULL, 
	PRIMARY KEY (seq), 
	FOREIGN KEY(record_seq) REFERENCES evidence_record (seq)
);
INSERT INTO evidence_claim VALUES(1,1,'c-09b742de0136');
INSERT INTO evidence_claim VALUES(2,1,'c-040e0518150d');
INSERT INTO evidence_claim VALUES(3,1,'c-052844f50929');
INSERT INTO evidence_claim VALUES(4,2,'c-434fa516f058');
INSERT INTO evidence_claim VALUES(5,2,'c-85edfda56b54');
INSERT INTO evidence_claim VALUES(6,2,'c-24b4fc96d0ff');
INSERT INTO evidence_claim VALUES(7,2,'c-01cf15977d09');
INSERT INTO evidence_claim VALUES(8,3,'c-79d4781fe9ca');
INSERT INTO evidence_claim VALUES(9,3,'c-ec0645693db8');
INSERT INTO evidence_claim VALUES(10,3,'c-f15707873d61');
INSERT INTO evidence_claim VALUES(11,3,'c-4e7ca8c59ecc');
INSERT INTO evidence_claim VALUES(12,3,'c-0a400d4d192c');
INSERT INTO evidence_claim VALUES(13,3,'c-d6d5887d9c94');
INSERT INTO evidence_claim VALUES(14,3,'c-3286c15651a0');
CREATE TABLE answer_event (
	seq INTEGER NOT NULL, 
	id VARCHAR NOT NULL, 
	surface VARCHAR NOT NULL, 
	question TEXT NOT NULL, 
	answer TEXT NOT NULL, 
	recommendation VARCHAR, 
	confidence FLOAT NOT NULL, 
	abstained BOOLEAN NOT NULL, 
	claims_json TEXT NOT NULL, 
	evidence_ids_json TEXT NOT NULL, 
	user VARCHAR, 
	conversation_id VARCHAR, 
	created_at VARCHAR NOT NULL, 
	PRIMARY KEY (seq)
);
INSERT INTO answer_event VALUES(1,'ans-ede403dd21384673','cli','Which framework for AutoML?',replace('TensorFlow. The article credits TensorFlow here:\n- Which framework is better suited for leveraging tech trends like AutoML? TensorFlow has a strong lead here, offering user-friendly AutoML tools that lower the barrier for non-experts to develop sophisticated models—making advanced technology accessible to a broader audience. [1]\n- TensorFlow AutoML Features — Model Export Tools — Benefit: Smooth integration into production. [2]\n- TensorFlow AutoML Features — Prebuilt Pipelines — Benefit: Reduces setup time for common tasks. [3]\n- With TensorFlow AutoML and Keras Tuner, even non-experts can build, optimize, and deploy complex models. [4]','\n',char(10)),'tensorflow',1.0,0,'[{"claim_id": "c-65640fb049db", "score": 1.1658}, {"claim_id": "c-a3d86bf9d2be", "score": 1.0461}, {"claim_id": "c-2ee2285e5593", "score": 1.0288}, {"claim_id": "c-6790166a1d3d", "score": 0.9726}]','[]',NULL,NULL,'2026-11-29T21:55:55.462240+00:00');
INSERT INTO answer_event VALUES(2,'ans-9e12c87f6d214452','cli','Can I export PyTorch to ONNX?',replace('PyTorch. From the article:\n- PyTorch: Pros — TorchScript and ONNX improving deployment capabilities. [1]\n- PyTorch’s Growing Deployment Tools — Deployment Advances: ONNX for cross-framework compatibility. [2]\n- PyTorch has made impressive strides in bridging its production gap with tools like TorchScript and ONNX (Open Neural Network Exchange). [3]\n- PyTorch’s Growing Deployment Tools — Deployment Advances: TorchScript for serializing models. [4]','\n',char(10)),'pytorch',0.79379999999999995008,0,'[{"claim_id": "c-01cf15977d09", "score": 1.2688}, {"claim_id": "c-076bfcc20130", "score": 1.2222}, {"claim_id": "c-434fa516f058", "score": 1.1419}, {"claim_id": "c-85edfda56b54", "score": 0.7343}]','["5f543059345c44ec83584982a1ab1a9e"]',NULL,NULL,'2026-11-29T21:55:58.828614+00:00');
INSERT INTO answer_event VALUES(3,'ans-630f8b5071ee4a37','conversation','Which framework is easier to debug?',replace('PyTorch. The article credits PyTorch here:\n- Debugging Simplicity with PyTorch — Key Benefits: Real-time debugging. [1]\n- One of PyTorch’s most celebrated but sometimes overlooked strengths is its ease of debugging. [2]\n- Debugging Simplicity with PyTorch — Key Benefits: Smooth variable inspection. [3]\n- Thanks to PyTorch''s dynamic computational graph, developers can inspect outputs and variables directly during runtime, using familiar tools like Python’s pdb or simple print statements. [4]','\n',char(10)),'pytorch',0.87370000000000003215,0,'[{"claim_id": "c-823802ff2b6c", "score": 1.0987}, {"claim_id": "c-e2714260f359", "score": 1.0292}, {"claim_id": "c-6b8acda546c6", "score": 0.9855}, {"claim_id": "c-55c98a3848a5", "score": 0.6941}]','[]',NULL,'conv-61fe48865f6f4012','2026-11-29T21:56:05.511866+00:00');
INSERT INTO answer_event VALUES(4,'ans-9a51328269ba485c','conversation','Which framework is easier to mobile?',replace('TensorFlow. The article credits TensorFlow here:\n- Mobile — TensorFlow Tools Available: TensorFlow Lite. [1]\n- Mobile Devices — TensorFlow Solution: TensorFlow Lite. [2]\n- What gives TensorFlow a production advantage over PyTorch? TensorFlow’s integrated production tools, including TensorFlow Serving, TensorFlow Lite, and TensorFlow.js, make it easier to deploy models at scale, reaching web, mobile, and embedded devices efficiently. [3]\n- TensorFlow’s ability to run on various platforms—from cloud to mobile to browsers—makes it a powerhouse for diverse deployment scenarios. [4]','\n',char(10)),'tensorflow',1.0,0,'[{"claim_id": "c-5eed0b721c97", "score": 0.9239}, {"claim_id": "c-44df4e759922", "score": 0.9168}, {"claim_id": "c-3286c15651a0", "score": 0.8422}, {"claim_id": "c-f15707873d61", "score": 0.8002}]','["7d5ee153a4b94c0fa5882084242b6b6e"]',NULL,'conv-61fe48865f6f4012','2026-11-29T21:56:05.551686+00:00');
CREATE TABLE evaluation_run (
	id VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	job_ids_json TEXT NOT NULL, 
	claim_ids_json TEXT NOT NULL, 
	device VARCHAR NOT NULL, 
	reason VARCHAR NOT NULL, 
	created_at VARCHAR NOT NULL, 
	started_at VARCHAR, 
	finished_at VARCHAR, 
	completed INTEGER NOT NULL, 
	record_ids_json TEXT NOT NULL, 
	error TEXT, 
	PRIMARY KEY (id)
);
INSERT INTO evaluation_run VALUES('eval-9cf9124857cb4592','queued','["torchscript-roundtrip"]','["c-01cf15977d09", "c-24b4fc96d0ff", "c-434fa516f058", "c-85edfda56b54"]','auto','dispute','2026-11-29T21:56:05.573232+00:00',NULL,NULL,0,'[]',NULL);
CREATE TABLE conversation (
	id VARCHAR NOT NULL, 
	title TEXT NOT NULL, 
	created_at VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO conversation VALUES('conv-61fe48865f6f4012','release fixture','2026-11-29T21:56:05.457197+00:00');
CREATE TABLE conversation_message (
	seq INTEGER NOT NULL, 
	conversation_id VARCHAR NOT NULL, 
	role VARCHAR NOT NULL, 
	content TEXT NOT NULL, 
	resolved_question TEXT, 
	answer_json TEXT, 
	created_at VARCHAR NOT NULL, 
	PRIMARY KEY (seq), 
	FOREIGN KEY(conversation_id) REFERENCES conversation (id)
);
INSERT INTO conversation_message VALUES(1,'conv-61fe48865f6f4012','user','Which framework is easier to debug?','Which framework is easier to debug?',NULL,'2026-11-29T21:56:05.511933+00:00');
INSERT INTO conversation_message VALUES(2,'conv-61fe48865f6f4012','assistant',replace('PyTorch. The article credits PyTorch here:\n- Debugging Simplicity with PyTorch — Key Benefits: Real-time debugging. [1]\n- One of PyTorch’s most celebrated but sometimes overlooked strengths is its ease of debugging. [2]\n- Debugging Simplicity with PyTorch — Key Benefits: Smooth variable inspection. [3]\n- Thanks to PyTorch''s dynamic computational graph, developers can inspect outputs and variables directly during runtime, using familiar tools like Python’s pdb or simple print statements. [4]','\n',char(10)),NULL,'{"id": "ans-630f8b5071ee4a37", "question": "Which framework is easier to debug?", "answer": "PyTorch. The article credits PyTorch here:\n- Debugging Simplicity with PyTorch — Key Benefits: Real-time debugging. [1]\n- One of PyTorch’s most celebrated but sometimes overlooked strengths is its ease of debugging. [2]\n- Debugging Simplicity with PyTorch — Key Benefits: Smooth variable inspection. [3]\n- Thanks to PyTorch''s dynamic computational graph, developers can inspect outputs and variables directly during runtime, using familiar tools like Python’s pdb or simple print statements. [4]", "recommendation": "pytorch", "confidence": 0.8737, "abstained": false, "citations": [{"claim_id": "c-823802ff2b6c", "text": "Debugging Simplicity with PyTorch — Key Benefits: Real-time debugging", "section": "In-Depth Analysis: 7 Surprising Wins That Matter > 1. Debugging Simplicity with PyTorch", "quote": "Real-time debugging", "start": 2666, "end": 2685, "score": 1.0987, "favors": "pytorch"}, {"claim_id": "c-e2714260f359", "text": "One of PyTorch’s most celebrated but sometimes overlooked strengths is its ease of debugging.", "section": "In-Depth Analysis: 7 Surprising Wins That Matter > 1. Debugging Simplicity with PyTorch", "quote": "One of Pytorch’s most celebrated but sometimes overlooked strengths is its ease of debugging.", "start": 2282, "end": 2375, "score": 1.0292, "favors": "pytorch"}, {"claim_id": "c-6b8acda546c6", "text": "Debugging Simplicity with PyTorch — Key Benefits: Smooth variable inspection", "section": "In-Depth Analysis: 7 Surprising Wins That Matter > 1. Debugging Simplicity with PyTorch", "quote": "Smooth variable inspection", "start": 2724, "end": 2750, "score": 0.9855, "favors": "pytorch"}, {"claim_id": "c-55c98a3848a5", "text": "Thanks to PyTorch''s dynamic computational graph, developers can inspect outputs and variables directly during runtime, using familiar tools like Python’s pdb or simple print statements.", "section": "In-Depth Analysis: 7 Surprising Wins That Matter > 1. Debugging Simplicity with PyTorch", "quote": "Thanks to its dynamic computational graph, developers can inspect outputs and variables directly during runtime, using familiar tools like Python’s pdb or simple print statements.", "start": 2376, "end": 2555, "score": 0.6941, "favors": "pytorch"}], "evidence": []}','2026-11-29T21:56:05.511933+00:00');
INSERT INTO conversation_message VALUES(3,'conv-61fe48865f6f4012','user','and for mobile?','Which framework is easier to mobile?',NULL,'2026-11-29T21:56:05.552072+00:00');
INSERT INTO conversation_message VALUES(4,'conv-61fe48865f6f4012','assistant',replace('TensorFlow. The article credits TensorFlow here:\n- Mobile — TensorFlow Tools Available: TensorFlow Lite. [1]\n- Mobile Devices — TensorFlow Solution: TensorFlow Lite. [2]\n- What gives TensorFlow a production advantage over PyTorch? TensorFlow’s integrated production tools, including TensorFlow Serving, TensorFlow Lite, and TensorFlow.js, make it easier to deploy models at scale, reaching web, mobile, and embedded devices efficiently. [3]\n- TensorFlow’s ability to run on various platforms—from cloud to mobile to browsers—makes it a powerhouse for diverse deployment scenarios. [4]','\n',char(10)),NULL,'{"id": "ans-9a51328269ba485c", "question": "Which framework is easier to mobile?", "answer": "TensorFlow. The article credits TensorFlow here:\n- Mobile — TensorFlow Tools Available: TensorFlow Lite. [1]\n- Mobile Devices — TensorFlow Solution: TensorFlow Lite. [2]\n- What gives TensorFlow a production advantage over PyTorch? TensorFlow’s integrated production tools, including TensorFlow Serving, TensorFlow Lite, and TensorFlow.js, make it easier to deploy models at scale, reaching web, mobile, and embedded devices efficiently. [3]\n- TensorFlow’s ability to run on various platforms—from cloud to mobile to browsers—makes it a powerhouse for diverse deployment scenarios. [4]", "recommendation": "tensorflow", "confidence": 1.0, "abstained": false, "citations": [{"claim_id": "c-5eed0b721c97", "text": "Mobile — TensorFlow Tools Available: TensorFlow Lite", "section": "In-Depth Analysis: 7 Surprising Wins That Matter > 2. TensorFlow’s Production Superiority", "quote": "TensorFlow Lite", "start": 3125, "end": 3140, "score": 0.9239, "favors": "tensorflow"}, {"claim_id": "c-44df4e759922", "text": "Mobile Devices — TensorFlow Solution: TensorFlow Lite", "section": "In-Depth Analysis: 7 Surprising Wins That Matter > 4. TensorFlow’s Cross-Platform Versatility", "quote": "TensorFlow Lite", "start": 3890, "end": 3905, "score": 0.9168, "favors": "tensorflow"}, {"claim_id": "c-3286c15651a0", "text": "What gives TensorFlow a production advantage over PyTorch? TensorFlow’s integrated production tools, including TensorFlow Serving, TensorFlow Lite, and TensorFlow.js, make it easier to deploy models at scale, reaching web, mobile, and embedded devices efficiently.", "section": "FAQs", "quote": "What gives TensorFlow a production advantage over Pytorch?\nTensorFlow’s integrated production tools, including TensorFlow Serving, TensorFlow Lite, and TensorFlow.js, make it easier to deploy models at scale, reaching web, mobile, and embedded devices efficiently.", "start": 9409, "end": 9673, "score": 0.8422, "favors": "tensorflow"}, {"claim_id": "c-f15707873d61", "text": "TensorFlow’s ability to run on various platforms—from cloud to mobile to browsers—makes it a powerhouse for diverse deployment scenarios.", "section": "In-Depth Analysis: 7 Surprising Wins That Matter > 4. TensorFlow’s Cross-Platform Versatility", "quote": "TensorFlow’s ability to run on various platforms—from cloud to mobile to browsers—makes it a powerhouse for diverse deployment scenarios.", "start": 3596, "end": 3733, "score": 0.8002, "favors": "tensorflow"}], "evidence": [{"claim_id": "c-3286c15651a0", "record_id": "7d5ee153a4b94c0fa5882084242b6b6e", "job_id": "tfjs-converter", "verdict": "inconclusive", "key_figure": "tensorflowjs not installable beside TF 2.21", "rationale": "The tensorflowjs converter is not importable here (its pins conflict with TensorFlow 2.21), so the TF.js browser path could not be exercised locally; this is not evidence against it.", "device": "cpu", "environment": "AMD EPYC, 2 cores, no GPU, torch 2.13.0+cpu, TF 2.21.0", "measured_at": "2026-11-29T21:55:42.901217+00:00"}, {"claim_id": "c-f15707873d61", "record_id": "7d5ee153a4b94c0fa5882084242b6b6e", "job_id": "tfjs-converter", "verdict": "inconclusive", "key_figure": "tensorflowjs not installable beside TF 2.21", "rationale": "The tensorflowjs converter is not importable here (its pins conflict with TensorFlow 2.21), so the TF.js browser path could not be exercised locally; this is not evidence against it.", "device": "cpu", "environment": "AMD EPYC, 2 cores, no GPU, torch 2.13.0+cpu, TF 2.21.0", "measured_at": "2026-11-29T21:55:42.901217+00:00"}]}','2026-11-29T21:56:05.552072+00:00');
CREATE TABLE answer_feedback (
	id VARCHAR NOT NULL, 
	answer_id VARCHAR NOT NULL, 
	rating VARCHAR NOT NULL, 
	reason TEXT NOT NULL, 
	user VARCHAR, 
	surface VARCHAR NOT NULL, 
	created_at VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE claim_dispute (
	id VARCHAR NOT NULL, 
	claim_id VARCHAR NOT NULL, 
	reason TEXT NOT NULL, 
	answer_id VARCHAR, 
	user VARCHAR, 
	surface VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	evaluation_id VARCHAR, 
	verdict_after VARCHAR, 
	created_at VARCHAR NOT NULL, 
	resolved_at VARCHAR, 
	PRIMARY KEY (id)
);
INSERT INTO claim_dispute VALUES('dis-9cd446d149cf4cc1','c-85edfda56b54','I doubt it',NULL,'key:release-fixture','rest','open','eval-9cf9124857cb4592',NULL,'2026-11-29T21:56:05.599911+00:00',NULL);
CREATE TABLE slack_event (
	event_id VARCHAR NOT NULL, 
	created_at VARCHAR NOT NULL, 
	PRIMARY KEY (event_id)
);
INSERT INTO slack_event VALUES('Ev-release-1','2026-11-29T21:56:05.619562+00:00');
CREATE UNIQUE INDEX ix_evidence_record_id ON evidence_record (id);
CREATE INDEX ix_evidence_record_fingerprint_hash ON evidence_record (fingerprint_hash);
CREATE INDEX ix_evidence_record_job_id ON evidence_record (job_id);
CREATE INDEX ix_evidence_claim_record_seq ON evidence_claim (record_seq);
CREATE INDEX ix_evidence_claim_claim_id ON evidence_claim (claim_id);
CREATE UNIQUE INDEX ix_answer_event_id ON answer_event (id);
CREATE INDEX ix_answer_event_surface ON answer_event (surface);
CREATE INDEX ix_answer_event_created_at ON answer_event (created_at);
CREATE INDEX ix_evaluation_run_status ON evaluation_run (status);
CREATE INDEX ix_conversation_message_conversation_id ON conversation_message (conversation_id);
CREATE INDEX ix_answer_feedback_answer_id ON answer_feedback (answer_id);
CREATE INDEX ix_claim_dispute_evaluation_id ON claim_dispute (evaluation_id);
CREATE INDEX ix_claim_dispute_claim_id ON claim_dispute (claim_id);
CREATE INDEX ix_claim_dispute_status ON claim_dispute (status);
CREATE INDEX ix_slack_event_created_at ON slack_event (created_at);
COMMIT;

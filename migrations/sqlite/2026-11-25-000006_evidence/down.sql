DROP TABLE evidence;
